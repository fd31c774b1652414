import t from 'tap';
import { spawnSync } from 'node:child_process';
import { UNCOVERED_CHILD_ENV } from '../../fixtures/uncovered-child.js';
import { join } from 'node:path';
import { makeConfigDir, REPO_ROOT } from '../helpers/config-dir.js';

// Two real CLI runs, as the workflows start them: failures are one line on stderr and exit code 1.

const TSX = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function runScript(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const clean: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...UNCOVERED_CHILD_ENV, ...env };
  const result = spawnSync(process.execPath, [TSX, join(REPO_ROOT, 'scripts', 'deploy', script), ...args], { cwd: REPO_ROOT, env: clean, encoding: 'utf8' });
  const stderr = result.stderr
    .split('\n')
    // Node 20 only: the AWS SDK's notice about its future Node 22 requirement.
    .filter((line) => line && !/NodeVersionSupportWarning|versions published after|will require node|To continue receiving|upgrade to node|More information can be found|trace-warnings/.test(line));
  return { status: result.status, stdout: result.stdout, stderr };
}

t.test('sync-parameters with a broken config/ exits 1 with one line naming file, line and key', (t) => {
  const dir = makeConfigDir({ 'function.yaml': 'timeout_seconds: 3\n', 'skill.yaml': 'assistant_name: Computer\n' });
  const result = runScript('sync-parameters.ts', ['--config-dir', dir, '--dry-run'], { AWS_REGION: 'eu-west-1' });
  t.equal(result.status, 1);
  t.equal(result.stderr.length, 1, result.stderr.join('\n'));
  t.match(result.stderr[0], /^sync-parameters: .*skill\.yaml:1 assistant_name: must not be a wake word/);
  t.notMatch(result.stderr.join('\n'), /\n\s+at /, 'no stack trace');
  t.end();
});

t.test('deploy-lambda in GitHub Actions without a zip fails with an ::error annotation', (t) => {
  const result = runScript('deploy-lambda.ts', ['--zip', '/nonexistent/lambda.zip', '--config-dir', makeConfigDir()], {
    AWS_REGION: 'eu-west-1',
    LAMBDA_FUNCTION_NAME: 'ha-alexa',
    GITHUB_ACTIONS: 'true',
  });
  t.equal(result.status, 1);
  t.same(result.stderr, ['::error title=deploy-lambda::deploy-lambda: /nonexistent/lambda.zip not found: run npm run build first']);
  t.end();
});
