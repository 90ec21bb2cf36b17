// Adaptive send rate: pace to what comes back. A responder that falls behind shows it first as
// growing reply delay (its queue fills), then as loss. Like delay-based TCP congestion control
// (Vegas, LEDBAT) the rate grows while replies come back promptly and shrinks when their delay
// climbs above a target or when a retry reveals a lost reply. --rate is the ceiling.

export interface RateOptions {
  /** Ceiling in packets per second. */
  max: number;
  /** Starting rate; the controller ramps from here. */
  start?: number;
  /** Floor, so a sweep always finishes. */
  min?: number;
  /** Reply delay above which the responder is considered congested (ms). */
  targetDelayMs?: number;
}

export class RateController {
  rate: number;
  readonly max: number;
  readonly min: number;
  /** Queueing delay tolerated above the smallest round trip seen (ms). */
  readonly targetDelay: number;
  /** Smoothed round-trip time and its variation (ms), as in RFC 6298. */
  srtt = 0;
  rttvar = 0;
  baseRtt = Number.POSITIVE_INFINITY;
  private lastGrow = 0;
  private lastCut = 0;
  private samples = 0;

  constructor(o: RateOptions) {
    this.max = Math.max(1, o.max);
    this.min = Math.min(this.max, o.min ?? 50);
    // Start near what one small agent answers per second and ramp up: a dense subnet at full
    // speed would queue thousands of requests before the first late reply could warn us.
    this.rate = Math.min(this.max, Math.max(this.min, o.start ?? 1000));
    this.targetDelay = o.targetDelayMs ?? 50;
  }

  /** A reply came back after `rtt` ms. */
  onReply(rtt: number, now: number): void {
    if (this.samples++ === 0) {
      this.srtt = rtt;
      this.rttvar = rtt / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rtt);
      this.srtt = 0.875 * this.srtt + 0.125 * rtt;
    }
    this.baseRtt = Math.min(this.baseRtt, rtt);
    const limit = this.baseRtt + this.targetDelay;
    if (rtt > limit && now - this.lastCut > Math.max(10, this.srtt)) {
      // Queueing: slow down in proportion to how far the delay overshoots, once per round trip.
      this.rate = Math.max(this.min, this.rate * Math.max(0.5, limit / rtt));
      this.lastCut = now;
    }
  }

  /** A retry was answered, so an earlier request or its reply was lost. */
  onLoss(now: number): void {
    if (now - this.lastCut > Math.max(10, this.srtt)) {
      this.rate = Math.max(this.min, this.rate * 0.5);
      this.lastCut = now;
    }
  }

  /** Called as packets go out: grow while nothing signals congestion. */
  tick(now: number): void {
    const period = Math.max(10, Math.min(50, this.srtt));
    if (now - this.lastGrow < period || now - this.lastCut < Math.max(period, this.srtt)) return;
    this.lastGrow = now;
    this.rate = Math.min(this.max, this.rate * 1.25);
  }

  /** Retransmission timeout for an intermediate retry (ms), between a floor and the user's timeout. */
  rto(timeout: number): number {
    if (!this.samples) return timeout;
    return Math.min(timeout, Math.max(100, this.srtt + 4 * this.rttvar));
  }
}
