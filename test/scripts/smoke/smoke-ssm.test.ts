/**
 * Unit tests for scripts/smoke/smoke-ssm.ts: the loopback Parameter Store the smoke test points the
 * built zip at answers the real AWS SDK's GetParametersByPath, paged by 10, and nothing else.
 */
import { GetParameterCommand, GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import t from 'tap';
import { startLoopbackSsm } from '../../../scripts/smoke/smoke-ssm.js';

t.test('the real SDK reads every parameter under a path through it, page by page', async (t) => {
  const parameters: Record<string, string> = { '/other/x': 'not under the path' };
  for (let i = 0; i < 12; i += 1) parameters[`/smoke/p${String(i).padStart(2, '0')}`] = `v${i}`;
  parameters['/smoke/homeassistant/token'] = 'secret-token-value';
  const ssm = await startLoopbackSsm(parameters);
  t.teardown(() => ssm.close());
  const client = new SSMClient({ endpoint: ssm.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' } });
  const found: { Name?: string; Value?: string; Type?: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetParametersByPathCommand({ Path: '/smoke', Recursive: true, WithDecryption: true, NextToken: nextToken }));
    found.push(...(page.Parameters ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  t.equal(ssm.calls(), 2, '13 parameters take two pages');
  t.equal(found.length, 13);
  t.match(found.find((p) => p.Name === '/smoke/homeassistant/token'), { Value: 'secret-token-value', Type: 'SecureString' });
  t.notOk(found.some((p) => p.Name === '/other/x'));
  await t.rejects(client.send(new GetParameterCommand({ Name: '/smoke/p01' })), /not faked/, 'any other call is refused');
});
