// Pacing and congestion control: pace to what comes back.
//
// The send rate is capped by --rate (packets per second, a token bucket in the transport). Under
// that ceiling, what limits a sweep is how many requests the *answering* agents have queued: a
// dense subnet sent at full speed queues thousands of requests at agents (or at one simulator)
// before the first late reply could warn us, and once an agent stalls no reply carries any delay
// signal at all. So, like TCP's congestion window, we bound the number of requests that are
// expected to be answered but are not yet (see discover.ts for how "expected" is estimated from
// the answer density of recent probes), and grow/shrink that window from reply delays:
// additive growth while replies are prompt, multiplicative cut when their delay climbs above the
// smallest round trip seen plus a target, and a halving when a retry reveals a lost reply.

export interface RateOptions {
  /** Ceiling in packets per second. */
  max: number;
  /** Queueing delay tolerated above the smallest round trip seen (ms). */
  targetDelayMs?: number;
  /** Starting congestion window (expected-answered requests in flight). */
  window?: number;
}

export class RateController {
  /** Packets per second the transport paces to. */
  rate: number;
  /** Requests expected to be answered that may be in flight at once. */
  window: number;
  readonly targetDelay: number;
  /** Smoothed round-trip time and its variation (ms), as in RFC 6298. */
  srtt = 0;
  rttvar = 0;
  baseRtt = Number.POSITIVE_INFINITY;
  samples = 0;
  private lastCut = 0;
  private slowStart = true;
  private tokens = 0;
  private lastFill = performance.now();

  constructor(o: RateOptions) {
    this.rate = Math.max(1, o.max);
    this.window = o.window ?? 32;
    this.targetDelay = o.targetDelayMs ?? 50;
  }

  /**
   * How many packets may go out now, at most `max`: the --rate token bucket, shared by every sender
   * of a sweep (SNMP and the camera protocols), so --rate caps them together. The bucket holds up to
   * 5 ms of sending, so a slow event-loop turn does not lose capacity.
   */
  grant(max: number, now = performance.now()): number {
    this.tokens = Math.min(
      Math.max(256, this.rate / 200),
      this.tokens + ((now - this.lastFill) * this.rate) / 1000,
    );
    this.lastFill = now;
    const n = Math.max(0, Math.min(Math.floor(this.tokens), max));
    this.tokens -= n;
    return n;
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
    if (rtt > limit) {
      if (now - this.lastCut > Math.max(10, this.srtt)) {
        this.window = Math.max(4, this.window * Math.max(0.5, limit / rtt));
        this.lastCut = now;
        this.slowStart = false;
      }
    } else if (this.slowStart) this.window = Math.min(65536, this.window + 1);
    else this.window = Math.min(65536, this.window + 1 / this.window);
  }

  /** A retry was answered, so an earlier request or its reply was lost. */
  onLoss(now: number): void {
    if (now - this.lastCut > Math.max(10, this.srtt)) {
      this.window = Math.max(4, this.window / 2);
      this.lastCut = now;
      this.slowStart = false;
    }
  }

  /** Retransmission timeout for an intermediate retry (ms), between a floor and the user's timeout. */
  rto(timeout: number): number {
    if (!this.samples) return timeout;
    return Math.min(timeout, Math.max(100, this.srtt + 4 * this.rttvar));
  }
}
