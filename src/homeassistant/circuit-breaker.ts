/**
 * Per-container circuit breaker for one Home Assistant base URL. After `threshold` consecutive
 * unreachable or 5xx failures it opens: calls fail at once for `cooldownMs`, then one probe is let
 * through (half-open). A success closes it; a failed probe opens it again.
 */
export class CircuitBreaker {
  #failures = 0;
  #openedAt: number | undefined;
  #probing = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until a call may go through; 0 when it may go now. Claims the probe when half-open. */
  acquire(): number {
    if (this.#openedAt === undefined) return 0;
    const waited = this.now() - this.#openedAt;
    if (waited < this.cooldownMs) return this.cooldownMs - waited;
    if (this.#probing) return 1;
    this.#probing = true;
    return 0;
  }

  success(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#probing = false;
  }

  failure(): void {
    this.#failures += 1;
    if (this.#probing || this.#failures >= this.threshold) this.#openedAt = this.now();
    this.#probing = false;
  }

  /** An answer that says nothing about HA's health (4xx): frees a claimed probe. */
  neutral(): void {
    if (this.#probing) this.success();
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
