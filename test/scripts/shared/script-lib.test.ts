import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeAwsError, isAccessDeniedError, isThrottlingError, parseAccessDenied } from '../../../scripts/aws/aws-errors.js';
import { isDirectRun, parseOptions, runCli, syncMain } from '../../../scripts/shared/cli.js';
import { ScriptError } from '../../../scripts/shared/errors.js';
import { formatBytes, formatDuration, plural, quoteValue } from '../../../scripts/shared/format.js';
import { consoleIo, createRecordingIo } from '../../../scripts/shared/io.js';
import { describeSecret } from '../../../scripts/shared/mask.js';
import { parseBoolean } from '../../../scripts/shared/booleans.js';
import { assertRegionServesLocales, regionForLocale, regionMismatch } from '../../../scripts/config/regions.js';
import { appendStepSummary } from '../../../scripts/shared/step-summary.js';
import { formatMarkdownTable, formatTextTable } from '../../../scripts/shared/table.js';
import { withProgress } from '../../../scripts/shared/progress.js';

const sdkError = (name: string, message = 'boom', extra: object = {}) => Object.assign(new Error(message), { name, ...extra });
const context = { action: 'ssm:PutParameter', resource: '/p/x' };

t.test('AWS errors become one actionable line', (t) => {
  t.match(describeAwsError(sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), context), /^no AWS credentials: in GitHub Actions the aws-actions\/configure-aws-credentials step/);
  t.match(describeAwsError(sdkError('ExpiredTokenException'), context), /credentials have expired/);
  t.match(describeAwsError(sdkError('AccessDeniedException', 'no details'), context), /may not call ssm:PutParameter on \/p\/x\./);
  t.match(describeAwsError(sdkError('AccessDenied', 'no details'), { action: 'lambda:GetAlias' }), /may not call lambda:GetAlias on the resource\./);
  t.equal(describeAwsError(sdkError('ValidationException', 'Parameter name: can\'t be prefixed with "aws"'), context), 'ssm:PutParameter (/p/x) failed: ValidationException: Parameter name: can\'t be prefixed with "aws"');
  t.equal(describeAwsError(new Error('socket hang up'), { action: 'lambda:InvokeFunction' }), 'lambda:InvokeFunction failed: socket hang up');
  t.equal(describeAwsError('weird', { action: 'x:Y' }), 'x:Y failed: weird');
  t.ok(isThrottlingError(sdkError('Whatever', 'x', { $retryable: { throttling: true } })));
  t.notOk(isThrottlingError(null));
  t.ok(isAccessDeniedError(sdkError('UnauthorizedOperation')));
  t.same(parseAccessDenied('User: arn:x is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:eu-west-1:1:parameter/p'), {
    action: 'ssm:GetParametersByPath',
    resource: 'arn:aws:ssm:eu-west-1:1:parameter/p',
  });
  t.same(parseAccessDenied('Access denied'), {});
  t.end();
});

t.test('runCli prints one line and returns 1, for expected and unexpected errors', async (t) => {
  const io = createRecordingIo();
  t.equal(await runCli('x', () => Promise.reject(new ScriptError('bad\n  thing')), [], {}, io), 1);
  t.equal(await runCli('x', () => Promise.reject(new TypeError('oops')), [], {}, io), 1);
  t.equal(await runCli('x', () => { throw 'text' as unknown as Error; }, [], {}, io), 1);
  t.same(io.lines, ['x: bad thing', 'x: unexpected error: oops', 'x: unexpected error: text']);
  t.equal(await runCli('x', () => Promise.resolve(0), [], {}, io), 0);
});

t.test('isDirectRun tells a started script from an imported module', (t) => {
  const self = new URL(import.meta.url);
  t.ok(isDirectRun(self.href, self.pathname));
  t.notOk(isDirectRun(self.href, '/elsewhere/script.ts'));
  t.notOk(isDirectRun(self.href, ''));
  t.notOk(isDirectRun(pathToFileURL('/does/not/exist.ts').href, '/does/not/exist.ts'));
  t.end();
});

t.test('formatting helpers', (t) => {
  t.equal(formatBytes(900), '900 B');
  t.equal(formatBytes(2048), '2.0 KB');
  t.equal(formatBytes(3 * 1024 * 1024), '3.0 MB');
  t.equal(formatDuration(1234), '1.2 s');
  t.equal(quoteValue('a\n  b'), '"a b"');
  t.equal(quoteValue('x'.repeat(10), 5), '"xxxx…"');
  t.equal(plural(1, 'endpoint'), '1 endpoint');
  t.equal(plural(2, 'capability', 'capabilities'), '2 capabilities');
  t.equal(describeSecret(undefined), '<none>');
  t.equal(describeSecret('abc'), '<secret, 3 chars>');
  t.equal(formatTextTable(['a', 'bb'], [['xxx', 'y'], ['z']]), 'a    bb\n---  --\nxxx  y\nz');
  t.equal(formatMarkdownTable(['h'], [['a|b\nc']]), '| h |\n| --- |\n| a\\|b c |');
  t.end();
});

t.test('booleans and regions', (t) => {
  t.same(['TRUE', 'yes', 1, true, 'No', '0', false, 'maybe', null, {}].map(parseBoolean), [true, true, true, true, false, false, false, undefined, undefined, undefined]);
  t.equal(regionForLocale('de-DE'), 'eu-west-1');
  t.equal(regionForLocale('ja-JP'), 'us-west-2');
  t.equal(regionForLocale('xx-XX'), undefined);
  t.equal(regionForLocale('nl-NL'), 'eu-west-1', 'Dutch is served from Europe');
  t.equal(regionForLocale('ar-SA'), 'eu-west-1', 'Arabic (SA) is served from Europe');
  t.equal(regionMismatch('us-east-1', ['en-US', 'en-CA']), undefined);
  t.match(regionMismatch('us-east-1', ['en-US', 'xx-XX']), /xx-XX → unknown/);
  t.doesNotThrow(() => assertRegionServesLocales('eu-west-1', ['en-GB', 'nl-NL', 'ar-SA']));
  t.throws(() => assertRegionServesLocales('us-east-1', ['en-GB']), { name: 'ScriptError', message: /region is us-east-1, but Alexa calls a Lambda in another region for en-GB → eu-west-1 .*config\/deploy\.yaml/ });
  t.end();
});

t.test('the step summary is written only inside a workflow', (t) => {
  t.equal(appendStepSummary({}, '# x'), false);
  const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 's.md');
  t.equal(appendStepSummary({ GITHUB_STEP_SUMMARY: file }, '# a\n\n'), true);
  appendStepSummary({ GITHUB_STEP_SUMMARY: file }, '# b');
  t.equal(readFileSync(file, 'utf8'), '# a\n\n# b\n\n');
  t.end();
});

t.test('long steps print progress ticks', async (t) => {
  const io = createRecordingIo();
  const result = await withProgress(io, 'Waiting', () => new Promise((resolve) => setTimeout(() => resolve(7), 40)), { tickMs: 10, doing: 'waiting' });
  t.equal(result, 7);
  t.equal(io.lines[0], 'Waiting…');
  t.match(io.lines.slice(1, -1), [/^ {2}still waiting \(0\.\d s\)$/]);
  t.match(io.lines.at(-1), /^Waiting: done in 0\.\d s$/);
  await t.rejects(withProgress(io, 'Failing', () => Promise.reject(new Error('no'))), { message: 'no' });
});

t.test('the console Io writes lines to stdout and stderr', (t) => {
  const written: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => written.push(`out:${chunk}`) > 0);
  process.stderr.write = ((chunk: string) => written.push(`err:${chunk}`) > 0);
  try {
    consoleIo.out('a');
    consoleIo.err('b');
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  t.same(written, ['out:a\n', 'err:b\n']);
  const recording = createRecordingIo();
  recording.out('x');
  recording.err('y');
  t.equal(recording.text(), 'x\ny');
  t.end();
});

t.test('parseOptions: every script takes --help; an unknown option or a positional names the usage', (t) => {
  const usage = 'usage: npm run x -- [--dir d]';
  t.same(parseOptions(['--dir', 'a'], { dir: { type: 'string' } }, usage), { dir: 'a', help: false });
  t.equal(parseOptions(['-h'], { dir: { type: 'string' } }, usage).help, true);
  t.throws(() => parseOptions(['--bogus'], {}, usage), { name: 'ScriptError', message: /bogus.*; usage: npm run x/ });
  t.throws(() => parseOptions(['extra'], {}, usage), { name: 'ScriptError', message: /; usage: npm run x/ });
  t.end();
});

t.test('syncMain: a synchronous script\'s exit code, and its throw as runCli\'s one line', async (t) => {
  const io = createRecordingIo();
  t.equal(await runCli('x', syncMain(() => 3), [], {}, io), 3);
  t.equal(await runCli('x', syncMain(() => { throw new ScriptError('no config'); }), [], {}, io), 1);
  t.match(io.text(), /^x: no config$/m);
});
