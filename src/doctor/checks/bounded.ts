import type { Deadline } from '../../homeassistant/types.js';

/** Why a bounded piece of work gave up: the invocation's budget ran out. */
export class DoctorTimeout extends Error {
  constructor(budgetMs: number) {
    super(`no answer within ${budgetMs} ms`);
    this.name = 'DoctorTimeout';
  }
}

/** `work`, or a `DoctorTimeout` once the deadline aborts (for calls that take no signal, such as dns.lookup). */
export function bounded<T>(work: Promise<T>, deadline: Deadline): Promise<T> {
  if (deadline.signal.aborted) return Promise.reject(new DoctorTimeout(deadline.budgetMs));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DoctorTimeout(deadline.budgetMs));
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        deadline.signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        deadline.signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The port of a URL, with the scheme's default filled in. */
export function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** A host name without the brackets of an IPv6 literal. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}
