/** Unit tests for src/config/ssm.ts: SSM failures explained with the fix, never with a value. */
import t from 'tap';
import { describeSsmError } from '../../src/config/ssm.js';

function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

t.test('each kind of SSM failure is explained with what to do', async (t) => {
  t.match(describeSsmError(awsError('AccessDeniedException', 'denied'), '/p'), /access denied\. The function's execution role needs ssm:GetParametersByPath on parameter\/p and parameter\/p\/\*/);
  t.match(describeSsmError(awsError('CredentialsProviderError', 'Could not load credentials from any providers'), '/p'), /no AWS credentials\. Set USE_PARAMETER_STORE=false to run without AWS/);
  t.match(describeSsmError(awsError('ThrottlingException', 'Rate exceeded'), '/p'), /^Could not read SSM parameters under \/p: ThrottlingException: Rate exceeded$/);
  t.match(describeSsmError('boom', '/p'), /^Could not read SSM parameters under \/p: Error: boom$/);
});
