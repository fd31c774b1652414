/**
 * The events' CloudWatch metrics, in Embedded Metric Format like the invocation line (`src/metrics/emf.ts`):
 * one line per event, `EventsSent` by `EventType` with `EventLatency` (poke received → the gateway's
 * answer), or `EventsFailed` by `EventCode`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
import type { EventOutcome } from './context.js';

/**
 * `METRICS_NAMESPACE` of `src/metrics/emf.ts` (a test keeps them equal), not imported: importing it put
 * emf.ts in a chunk of its own that every cold start reads, events on or off.
 */
export const EVENTS_METRICS_NAMESPACE = 'HomeAssistantAlexa';

export function eventMetricsLine(outcome: EventOutcome, timestamp: number): Record<string, unknown> {
  const latency = Math.round(outcome.latencyMs * 100) / 100;
  if (outcome.code === undefined) {
    return {
      EventType: outcome.type,
      EventsSent: 1,
      EventLatency: latency,
      _aws: { Timestamp: timestamp, CloudWatchMetrics: [{ Namespace: EVENTS_METRICS_NAMESPACE, Dimensions: [['EventType']], Metrics: [{ Name: 'EventsSent', Unit: 'Count' }, { Name: 'EventLatency', Unit: 'Milliseconds' }] }] },
    };
  }
  return {
    EventType: outcome.type,
    EventCode: outcome.code,
    EventsFailed: 1,
    _aws: { Timestamp: timestamp, CloudWatchMetrics: [{ Namespace: EVENTS_METRICS_NAMESPACE, Dimensions: [['EventCode']], Metrics: [{ Name: 'EventsFailed', Unit: 'Count' }] }] },
  };
}
