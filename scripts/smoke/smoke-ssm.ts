/**
 * A loopback stand-in for SSM Parameter Store's JSON protocol, for the smoke test of the built zip:
 * the bundled AWS SDK really signs, serializes and sends `GetParametersByPath` (found through
 * `AWS_ENDPOINT_URL_SSM`), and the answer pages by 10 as SSM does. Only that one call is answered.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackSsm {
  readonly url: string;
  /** GetParametersByPath requests received. */
  readonly calls: () => number;
  close(): Promise<void>;
}

/** `parameters` maps full names (`/prefix/homeassistant/url`) to values. */
export async function startLoopbackSsm(parameters: Readonly<Record<string, string>>): Promise<LoopbackSsm> {
  let calls = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const reply = (status: number, json: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(json));
      };
      if (request.headers['x-amz-target'] !== 'AmazonSSM.GetParametersByPath') {
        reply(400, { __type: 'UnknownOperationException', message: `not faked: ${String(request.headers['x-amz-target'])}` });
        return;
      }
      calls += 1;
      const input = JSON.parse(body) as { Path: string; NextToken?: string };
      const names = Object.keys(parameters).filter((name) => name.startsWith(`${input.Path}/`));
      const start = Number(input.NextToken ?? 0);
      const page = names.slice(start, start + 10).map((name) => ({ Name: name, Value: parameters[name], Type: name.endsWith('/token') ? 'SecureString' : 'String', Version: 1 }));
      reply(200, { Parameters: page, ...(start + 10 < names.length ? { NextToken: String(start + 10) } : {}) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
