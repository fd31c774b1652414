/**
 * The doctor's report as a public repository may show it (its Actions log, its issues): the verdict
 * of each check and the fix, never the Home Assistant address, a resolved IP, a port or a device
 * name. Measured values name all of those, so they are left out; fixes are generic sentences, with
 * the address (every form of it) replaced where a check names it.
 */
import { addressesIn, addressForms, redactAddress } from '../shared/address-masks.js';
import type { DoctorReport } from './report.js';

/** The address in every form the report shows it: URL, host, host:port and each IP in a line. */
export function reportAddressForms(report: DoctorReport, url: string | null | undefined = report.url): string[] {
  const lines = report.checks.flatMap((check) => [check.value, check.fix]);
  return addressForms(url, addressesIn(lines.join('\n')));
}

export function publicReport(report: DoctorReport, forms: readonly string[] = reportAddressForms(report)): DoctorReport {
  return { ...report, url: null, checks: report.checks.map((check) => ({ ...check, value: '', fix: redactAddress(check.fix, forms) })) };
}

/** What a public repository's log and issue say instead of the measured values. */
export const VALUES_HIDDEN =
  'Measured values name your Home Assistant address, its IP addresses, port and devices: they are left out in a public repository. Run `npm run doctor -- --lambda` on your computer to see them.';
