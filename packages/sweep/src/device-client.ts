// One device's identification as one client. Every request ends by the device's deadline
// (--device-time), whatever its own timeout and retries say, and a device that stops answering
// costs one request's timeout, not one per table: when a request is still unanswered at its last
// try, a GET of sysUpTime.0 (which every agent serves) goes out beside it. An agent that answers
// that is alive and only the one request is lost (an agent that cannot serve one table); an agent
// that answers neither is gone, and every later request returns null at once. Every request that
// goes unanswered or cannot be made names the parts of the device it asked for (`notRead`).
import type { Logger } from 'pino';
import {
  type AgentClient,
  AgentError,
  type ClientOptions,
  type RequestControl,
  type Response,
} from './client';
import { type DevicePart, partOf } from './device-parts';
import type { SnmpVersion } from './discover';
import { SYS } from './mib';

/** What every context of one device shares. */
interface DeviceState {
  /** Why requests are no longer sent, once they are not. */
  stopped: 'deadline' | 'silent' | null;
  readonly notRead: Set<DevicePart>;
  /** The client of the device's own context: the liveness probe goes through it. */
  readonly base: AgentClient;
}

export class DeviceClient implements AgentClient {
  readonly version: SnmpVersion;
  /** The same device in another context (v1/v2c `community@context`), where the agent has them. */
  readonly inContext?: (context: string) => DeviceClient;
  private readonly state: DeviceState;

  constructor(
    private readonly inner: AgentClient,
    readonly address: string,
    /** performance.now() by which identification ends. */
    readonly deadline: number,
    private readonly o: ClientOptions,
    private readonly log: Logger,
    /** For a context: the device's own client, whose state it shares. */
    of?: DeviceClient,
  ) {
    this.version = inner.version;
    this.state = of?.state ?? { stopped: null, notRead: new Set(), base: inner };
    const sub = inner.inContext?.bind(inner);
    if (sub) this.inContext = (context) => new DeviceClient(sub(context), address, deadline, o, log, this);
  }

  /** Parts of the device with a request that was not answered or could not be made. */
  get notRead(): Set<DevicePart> {
    return this.state.notRead;
  }

  get stopped(): DeviceState['stopped'] {
    return this.state.stopped;
  }

  get(oids: string[]) {
    return this.run(oids, (ctl) => this.inner.get(oids, ctl));
  }

  getNext(oids: string[]) {
    return this.run(oids, (ctl) => this.inner.getNext(oids, ctl));
  }

  getBulk(oids: string[], maxRepetitions: number, nonRepeaters = 0) {
    return this.run(oids, (ctl) => this.inner.getBulk(oids, maxRepetitions, nonRepeaters, ctl));
  }

  close(): void {
    this.inner.close();
  }

  private missed(oids: string[]): void {
    for (const oid of oids) {
      const p = partOf(oid);
      if (p) this.state.notRead.add(p);
    }
  }

  private async run(oids: string[], send: (ctl: RequestControl) => Promise<Response | null>) {
    const st = this.state;
    if (!st.stopped && performance.now() >= this.deadline) st.stopped = 'deadline';
    if (st.stopped) {
      this.missed(oids);
      return null;
    }
    const { timeoutMs, retries } = this.o;
    const start = performance.now();
    const lastTry = start + (retries > 0 ? timeoutMs * retries : timeoutMs / 2);
    const end = Math.min(this.deadline, start + timeoutMs * (retries + 1));
    let alive = false;
    const probe = setTimeout(() => {
      st.base.get([SYS.upTime], { until: end, retries: 0 }).then(
        (r) => {
          alive ||= r !== null;
        },
        (e: unknown) => this.failed(e, [SYS.upTime]),
      );
    }, lastTry - start);
    let r: Response | null;
    try {
      r = await send({ until: this.deadline });
    } catch (e) {
      this.failed(e, oids);
      return null;
    } finally {
      clearTimeout(probe);
    }
    if (r) return r;
    if (performance.now() >= this.deadline) st.stopped = 'deadline';
    else if (!alive) {
      st.stopped = 'silent';
      this.log.debug({ address: this.address }, 'device stopped answering during identification');
    } else if (this.inner !== st.base) return null; // a live agent that does not serve this context
    this.missed(oids);
    return null;
  }

  /** An agent's error is logged and costs the parts asked; anything else is our bug and is thrown. */
  private failed(e: unknown, oids: string[]): void {
    if (!(e instanceof AgentError)) throw e;
    this.log.warn({ address: this.address, oids: oids.slice(0, 4), err: e.message }, 'SNMP request failed');
    this.missed(oids);
  }
}
