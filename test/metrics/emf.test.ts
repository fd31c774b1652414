/** Unit tests for src/metrics/emf.ts: a valid CloudWatch Embedded Metric Format record. */
import t from 'tap';
import { addMetrics, METRICS_NAMESPACE } from '../../src/metrics/emf.js';

t.test('a successful invocation: counts, latency, duration, cold start, one dimension set', async (t) => {
  const record = addMetrics({ message: 'invocation' }, { requestKind: 'smart-home', errorType: undefined, haLatencyMs: 12.345, durationMs: 20.001, coldStart: true, timestamp: 1_700_000_000_000 });
  t.match(record, { message: 'invocation', RequestKind: 'smart-home', Invocations: 1, Errors: 0, HaLatency: 12.35, Duration: 20, ColdStart: 1 });
  const aws = record._aws as { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  t.equal(aws.Timestamp, 1_700_000_000_000);
  t.equal(aws.CloudWatchMetrics[0]?.Namespace, METRICS_NAMESPACE);
  t.same(aws.CloudWatchMetrics[0]?.Dimensions, [['RequestKind']]);
  for (const metric of aws.CloudWatchMetrics[0]?.Metrics ?? []) t.ok(metric.Name in record, `${metric.Name} has a value in the record`);
});

t.test('an error adds the error type as a dimension', async (t) => {
  const record = addMetrics({}, { requestKind: 'custom-skill', errorType: 'auth', haLatencyMs: 0, durationMs: 1, coldStart: false, timestamp: 0 });
  t.match(record, { Errors: 1, ErrorType: 'auth', ColdStart: 0 });
  t.same((record._aws as { CloudWatchMetrics: { Dimensions: string[][] }[] }).CloudWatchMetrics[0]?.Dimensions, [['RequestKind'], ['RequestKind', 'ErrorType']]);
});
