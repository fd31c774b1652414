/**
 * CloudWatch Embedded Metric Format: one JSON line per invocation that CloudWatch turns into metrics,
 * at no API cost. @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export const METRICS_NAMESPACE = 'HomeAssistantAlexa';

export interface InvocationMetrics {
  readonly requestKind: string;
  readonly errorType: string | undefined;
  readonly haLatencyMs: number;
  readonly durationMs: number;
  readonly coldStart: boolean;
  readonly timestamp: number;
}

/** The metric definitions, the same on every line. */
const METRIC_DEFINITIONS = [
  { Name: 'Invocations', Unit: 'Count' },
  { Name: 'Errors', Unit: 'Count' },
  { Name: 'HaLatency', Unit: 'Milliseconds' },
  { Name: 'Duration', Unit: 'Milliseconds' },
  { Name: 'ColdStart', Unit: 'Count' },
] as const;

/**
 * Writes the metric fields and the `_aws` directive into `line` (the invocation's log line) and
 * returns it: one object per invocation, rather than a record spread into the line.
 */
export function addMetrics(line: Record<string, unknown>, metrics: InvocationMetrics): Record<string, unknown> {
  line.RequestKind = metrics.requestKind;
  line.Invocations = 1;
  line.Errors = metrics.errorType === undefined ? 0 : 1;
  line.HaLatency = Math.round(metrics.haLatencyMs * 100) / 100;
  line.Duration = Math.round(metrics.durationMs * 100) / 100;
  line.ColdStart = metrics.coldStart ? 1 : 0;
  if (metrics.errorType !== undefined) line.ErrorType = metrics.errorType;
  line._aws = {
    Timestamp: metrics.timestamp,
    CloudWatchMetrics: [
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: metrics.errorType === undefined ? [['RequestKind']] : [['RequestKind'], ['RequestKind', 'ErrorType']],
        Metrics: METRIC_DEFINITIONS,
      },
    ],
  };
  return line;
}
