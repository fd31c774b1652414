/**
 * The Parameter Store commands the grant store uses, in their own lazily loaded chunk: imported
 * statically here, their code stays out of the SDK chunk the settings loader reads at every cold
 * start (through a namespace import they were bundled into it: +130 KB to parse with events off).
 */
export { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
