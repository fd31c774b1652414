/**
 * Every check the doctor runs, in the order of its table. A new check is one file here and one line
 * in this list.
 */
import type { DoctorCheck } from '../types.js';
import { challengeCheck } from './challenge.js';
import { discoveryCheck } from './discovery.js';
import { dnsCheck } from './dns.js';
import { eventsCheck, grantCheck } from './events.js';
import { latencyCheck } from './latency.js';
import { linkingCheck } from './linking.js';
import { modeCheck } from './mode.js';
import { regionCheck } from './region.js';
import { registryCheck } from './registry.js';
import { tcpCheck } from './tcp.js';
import { tlsCheck } from './tls.js';
import { tokenCheck } from './token.js';

export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  regionCheck,
  dnsCheck,
  tcpCheck,
  tlsCheck,
  challengeCheck,
  tokenCheck,
  modeCheck,
  linkingCheck,
  discoveryCheck,
  latencyCheck,
  registryCheck,
  eventsCheck,
  grantCheck,
];
