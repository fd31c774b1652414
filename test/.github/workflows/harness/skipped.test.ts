import t from 'tap';
import { commandsOf, skipReason } from './skipped.js';

t.test('a step that is only a skipped command is skipped, with the reason', (t) => {
  t.match(skipReason('npm ci'), /skipped `npm ci`: installs dependencies/);
  t.match(skipReason('npm ci --ignore-scripts\n'), /skipped `npm ci --ignore-scripts`/);
  t.match(skipReason('npm test'), /runs inside npm test/);
  t.match(skipReason('npm run lint:workflows'), /static checks/);
  t.match(skipReason('# cfn-lint\npipx install cfn-lint'), /PyPI/);
  t.end();
});

t.test('everything else runs', (t) => {
  for (const script of ['npm run build', 'npm run deploy-lambda', 'npm run invoke-discovery -- --qualifier "$LAMBDA_ALIAS"', 'echo npm ci', 'npm run linter', 'npm ci --foreground-scripts', 'npm cit']) {
    t.equal(skipReason(script), undefined, script);
  }
  t.end();
});

t.test('a skipped command combined with others fails the rehearsal', (t) => {
  t.throws(() => skipReason('npm ci && npm run build'), /combines a command the rehearsal skips \(npm ci\) with others/);
  t.throws(() => skipReason('npm test\nnpm run deploy-lambda'), /give it a step of its own/);
  t.same(commandsOf('a && b || c; d | e\n# note\nf'), ['a', 'b', 'c', 'd', 'e', 'f']);
  t.end();
});
