// A token bucket: `rate` tokens per second on average, bursts up to `burst`.
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether a token is there, without taking it (callers that charge only for failures). */
  peek(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  /** Back to a full burst: nothing to remember about this client. */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.burst;
  }
}
