// Password guessing is slowed per address and per user name: each failed login takes a token from both
// buckets, and a login is refused (429) while either is empty. Per user too, because an attacker has many
// addresses; the price is that a flood of wrong passwords for `admin` also delays the real admin for a
// while (a reset through `coverscan admin reset-password` does not wait). Successful logins cost nothing.
import { TokenBucket } from '../server/rate-limit';

export interface LoginLimits {
  /** Failed logins allowed at once from one address, and the refill (per second). */
  addressBurst: number;
  addressRate: number;
  userBurst: number;
  userRate: number;
}

/** 10 failures from an address then one per 30 s; 5 for one user name then one per minute. */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  addressBurst: 10,
  addressRate: 1 / 30,
  userBurst: 5,
  userRate: 1 / 60,
};

/** Buckets kept before full ones (nothing to remember) are dropped. */
const MAX_TRACKED = 10_000;

export class LoginLimiter {
  private readonly byAddress = new Map<string, TokenBucket>();
  private readonly byUser = new Map<string, TokenBucket>();
  /** Refused attempts, for /metrics. */
  refused = 0;

  constructor(private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {}

  private bucket(map: Map<string, TokenBucket>, key: string, rate: number, burst: number): TokenBucket {
    let b = map.get(key);
    if (!b) {
      if (map.size >= MAX_TRACKED) for (const [k, v] of map) if (v.full) map.delete(k);
      b = new TokenBucket(rate, burst);
      map.set(key, b);
    }
    return b;
  }

  /** Seconds to wait before trying again (0: go ahead). */
  waitFor(address: string, user: string): number {
    const l = this.limits;
    const a = this.bucket(this.byAddress, address, l.addressRate, l.addressBurst);
    const u = this.bucket(this.byUser, user.toLowerCase(), l.userRate, l.userBurst);
    if (a.peek() && u.peek()) return 0;
    this.refused++;
    return Math.ceil(1 / Math.min(a.peek() ? Infinity : l.addressRate, u.peek() ? Infinity : l.userRate));
  }

  failed(address: string, user: string): void {
    const l = this.limits;
    this.bucket(this.byAddress, address, l.addressRate, l.addressBurst).take();
    this.bucket(this.byUser, user.toLowerCase(), l.userRate, l.userBurst).take();
  }
}
