import t from 'tap';
import { evaluate, evaluateCondition, interpolate, interpolateText, type ExpressionScope } from './expressions.js';

const scope = (jobFailed = false): ExpressionScope => ({
  jobFailed,
  contexts: {
    github: { event: { repository: { is_template: false } }, run_id: '42' },
    vars: { LAMBDA_FUNCTION_NAME: 'ha-alexa', AWS_REGION: 'eu-west-1' },
    secrets: { HA_TOKEN: 'tok' },
    inputs: { token_source: 'secret', count: 3 },
    env: { MODE: 'native' },
    steps: { build: { outputs: { zip: 'dist/lambda.zip' } } },
    needs: { ci: { result: 'success', outputs: { sha: 'abc' } } },
  },
});

t.test('the expressions the workflows use', (t) => {
  t.equal(evaluateCondition("${{ !github.event.repository.is_template && vars.LAMBDA_FUNCTION_NAME != '' }}", scope()), true);
  t.equal(evaluateCondition("${{ vars.MISSING != '' }}", scope()), false, 'a missing variable is empty');
  t.equal(interpolate("${{ vars.LAMBDA_ALIAS || 'live' }}", scope()), 'live');
  t.equal(interpolate("${{ secrets.HA_TOKEN != '' }}", scope()), true);
  t.equal(interpolateText("${{ secrets.HA_TOKEN != '' }}", scope()), 'true');
  t.equal(interpolate("${{ inputs.token_source == 'secret' && secrets.HA_TOKEN || '' }}", scope()), 'tok');
  t.equal(interpolate("${{ inputs.token_source == 'stored' && secrets.HA_TOKEN || '' }}", scope()), '');
  t.equal(interpolateText('deploy-${{ github.run_id }}-${{ github.run_attempt }}', scope()), 'deploy-42-');
  t.equal(interpolate('${{ steps.build.outputs.zip }}', scope()), 'dist/lambda.zip');
  t.equal(interpolate("${{ needs.ci.outputs['sha'] }}", scope()), 'abc');
  t.end();
});

t.test('GitHub semantics: case, loose equality, literals, functions', (t) => {
  t.equal(evaluate("vars.aws_region == 'EU-WEST-1'", scope()), true, 'property names and string comparison ignore case');
  t.equal(evaluate("inputs.count == '3'", scope()), true, 'number and string compare as numbers');
  t.equal(evaluate('inputs.count > 2 && inputs.count <= 3', scope()), true);
  t.equal(evaluate("'it''s'", scope()), "it's");
  t.equal(evaluate('null', scope()), null);
  t.equal(evaluate("format('{0}/{1} {{x}}', env.MODE, 3)", scope()), 'native/3 {x}');
  t.equal(evaluate("contains('Hello', 'ELL')", scope()), true);
  t.equal(evaluate("contains(fromJSON('[\"a\",\"b\"]'), 'B')", scope()), true);
  t.equal(evaluate("startsWith('refs/heads/main', 'refs/heads') && endsWith('x.yml', '.YML')", scope()), true);
  t.equal(evaluate("join(fromJSON('[1,2]'), '+')", scope()), '1+2');
  t.equal(evaluate("toJSON(needs.ci.outputs)", scope()), '{\n  "sha": "abc"\n}');
  t.equal(evaluate('(true || false) && !false', scope()), true);
  t.end();
});

t.test('status functions: success() is implied, failure() and always() run after a failure', (t) => {
  t.equal(evaluateCondition(undefined, scope(true)), false);
  t.equal(evaluateCondition("env.MODE == 'native'", scope(true)), false);
  t.equal(evaluateCondition('${{ failure() }}', scope(true)), true);
  t.equal(evaluateCondition('always()', scope(true)), true);
  t.equal(evaluateCondition('cancelled()', scope()), false);
  t.equal(evaluateCondition(true, scope()), true);
  t.end();
});

t.test('what the rehearsal cannot evaluate fails loudly', (t) => {
  t.throws(() => evaluate("hashFiles('**/package-lock.json')", scope()), /does not implement the expression function hashfiles/);
  t.throws(() => evaluate('matrixx.os', scope()), /unknown context "matrixx"/);
  t.throws(() => evaluate("'open", scope()), /unterminated string/);
  t.throws(() => evaluate('a.*', scope()), /unsupported syntax|property name/);
  t.throws(() => evaluate('env.MODE env', scope()), /unexpected/);
  t.end();
});
