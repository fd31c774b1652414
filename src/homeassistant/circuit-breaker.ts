/**
 * How long a claimed probe is held before the next caller may probe instead: longer than any Alexa
 * invocation (8 s), so it only frees a probe whose call was lost (e.g. a container frozen mid-call).
 */
export const PROBE_LEASE_MS = 10_000;

/**
 * Per-container circuit breaker for one Home Assistant base URL. After `threshold` consecutive
 * unreachable or 5xx failures it opens: calls fail at once for `cooldownMs`, then one probe is let
 * through (half-open). A success closes it; a failed probe opens it again. The probe is a lease: a
 * probe not settled within {@link PROBE_LEASE_MS} passes to the next caller.
 */
export class CircuitBreaker {
  #failures = 0;
  #openedAt: number | undefined;
  /** When the current probe was claimed; undefined when no probe is out. */
  #probeSince: number | undefined;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
    private readonly probeLeaseMs: number = PROBE_LEASE_MS,
  ) {}

  /** Milliseconds until a call may go through; 0 when it may go now. Claims the probe when half-open. */
  acquire(): number {
    if (this.#openedAt === undefined) return 0;
    const now = this.now();
    const waited = now - this.#openedAt;
    if (waited < this.cooldownMs) return this.cooldownMs - waited;
    // Another caller's probe is out: wait for it (a moment, not the whole lease).
    if (this.#probeSince !== undefined && now - this.#probeSince < this.probeLeaseMs) return 1;
    this.#probeSince = now;
    return 0;
  }

  success(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#probeSince = undefined;
  }

  failure(): void {
    this.#failures += 1;
    if (this.#probeSince !== undefined || this.#failures >= this.threshold) this.#openedAt = this.now();
    this.#probeSince = undefined;
  }

  /** An answer that says nothing about HA's health (4xx): Home Assistant answered, so a probe closes the circuit. */
  neutral(): void {
    if (this.#probeSince !== undefined) this.success();
  }

  /** A call the bridge itself abandoned (its invocation answered): no verdict, and the probe is free again. */
  release(): void {
    this.#probeSince = undefined;
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.#openedAt === undefined) return 'closed';
    return this.now() - this.#openedAt < this.cooldownMs ? 'open' : 'half-open';
  }
}

const breakers = new Map<string, CircuitBreaker>();

export function breakerFor(baseUrl: string, threshold: number, cooldownMs: number): CircuitBreaker {
  let breaker = breakers.get(baseUrl);
  if (breaker === undefined) {
    breaker = new CircuitBreaker(threshold, cooldownMs);
    breakers.set(baseUrl, breaker);
  }
  return breaker;
}

/** Forgets every breaker (tests). */
export function resetBreakers(): void {
  breakers.clear();
}
