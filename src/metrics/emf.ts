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

export function buildMetricsRecord(metrics: InvocationMetrics): Record<string, unknown> {
  const dimensions: string[][] = [['RequestKind']];
  const record: Record<string, unknown> = {
    RequestKind: metrics.requestKind,
    Invocations: 1,
    Errors: metrics.errorType === undefined ? 0 : 1,
    HaLatency: Math.round(metrics.haLatencyMs * 100) / 100,
    Duration: Math.round(metrics.durationMs * 100) / 100,
    ColdStart: metrics.coldStart ? 1 : 0,
  };
  if (metrics.errorType !== undefined) {
    record.ErrorType = metrics.errorType;
    dimensions.push(['RequestKind', 'ErrorType']);
  }
  record._aws = {
    Timestamp: metrics.timestamp,
    CloudWatchMetrics: [
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: dimensions,
        Metrics: [
          { Name: 'Invocations', Unit: 'Count' },
          { Name: 'Errors', Unit: 'Count' },
          { Name: 'HaLatency', Unit: 'Milliseconds' },
          { Name: 'Duration', Unit: 'Milliseconds' },
          { Name: 'ColdStart', Unit: 'Count' },
        ],
      },
    ],
  };
  return record;
}
