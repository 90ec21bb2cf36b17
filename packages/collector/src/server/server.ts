// `coverscan serve`: agents' WebSocket ingest and the HTTP API on one port (TLS optional).
// Protocol (shared/protocol.ts): hello → welcome, report → ack after its transaction committed.
// Every bad input gets an error message and/or a close code, is logged once, and writes nothing.
import { closeSync, fsync, openSync, readFileSync } from 'node:fs';
import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttps } from 'node:https';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import {
  type CollectorMessage,
  closeCodes,
  describeIssues,
  type ErrorCode,
  helloSchema,
  MAX_FRAME_BYTES,
  MAX_HELLO_BYTES,
  reportFingerprint,
} from '@coverscan/shared';
import { lazyRequire } from '@coverscan/sweep/lazy-require';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { Rejudger } from '../store/rejudge';
import { clearServing, markServing } from '../store/serving';
import type { Store } from '../store/store';
import { collectorWeb, type WebServices } from '../web/collector-web';
import type { LoginLimits } from '../web/login-limit';
import type { WebApp } from '../web/web-app';
import { AgentDigests } from './agent-digests';
import { CommitQueue } from './commit-queue';
import { ConnectionAdmission } from './connection-admission';
import { EnrollGuard, type EnrollGuardOptions } from './enroll-guard';
import { HostCheck } from './host-check';
import { type Prepared, prepareFrame } from './prepare-frame';
import { TokenBucket } from './rate-limit';
import { ReportPool } from './report-worker';
import { RevocationWatch } from './revocation-watch';
import { SweeperDispatch } from './sweeper-dispatch';

const ws = lazyRequire<typeof import('ws')>(import.meta.url, 'ws');

export interface ServeOptions {
  store: Store;
  log: Logger;
  host: string;
  port: number;
  tls?: { cert: string; key: string };
  /** Messages per second per connection, and the burst allowed above it. */
  rate?: number;
  burst?: number;
  /** How often peers are pinged; one missed pong closes them. */
  heartbeatMs?: number;
  maxPayload?: number;
  reportIntervalSec?: number;
  /** Deprecated (`serve --api-token`): a bearer token accepted beside the API tokens of `coverscan token`. */
  apiToken?: string;
  /** Failed logins allowed per address and per user name (web/login-limit.ts). */
  loginLimits?: LoginLimits;
  /** Mounts more HTTP routes (the dashboard's pages) beside the API. */
  mountWeb?: (app: WebApp, services: WebServices) => void;
  /** Days an acked report id is remembered (a resend within it is acked, not stored again). */
  reportRetentionDays?: number;
  /** Worker threads that parse and prepare reports (0: on the main thread). */
  workers?: number;
  /** The script that registers the worker subcommand (default: the running CLI). */
  workerScript?: string;
  /** Longest transaction of re-judging (ms); ingest waits at most this long behind it. */
  rejudgeStepMs?: number;
  /** How often a catalog or policy recorded by another command is looked for (ms). */
  followJudgingMs?: number;
  /** A connection that has not authenticated by then is closed (4005 hello_timeout). */
  helloTimeoutMs?: number;
  /** HTTP: time to send a request's headers, and the whole request (Node answers 408). */
  httpHeadersTimeoutMs?: number;
  httpRequestTimeoutMs?: number;
  /** Open TCP connections allowed in all, and from one address. */
  maxConnections?: number;
  maxConnectionsPerAddress?: number;
  /** Wrong enrollment secrets allowed per address (burst, then per second), and their log summary. */
  enrollGuard?: EnrollGuardOptions;
  /** How often revocations written by other processes are looked for (ms). */
  revocationPollMs?: number;
  /** Names the HTTP API answers to besides loopback names, IP literals and the listen host (DNS rebinding). */
  allowHosts?: string[];
}

export interface RunningServer {
  url: string;
  httpUrl: string;
  port: number;
  queue: CommitQueue;
  connections(): number;
  close(): Promise<void>;
}

interface Conn {
  ws: WebSocket;
  peer: string;
  /** The peer's address alone (enrollment guessing is charged to it). */
  address: string;
  agentId: string | null;
  alive: boolean;
  bucket: TokenBucket;
  closing: boolean;
  helloSeen: boolean;
  /** Until authenticated: closes the connection at the hello deadline. */
  helloTimer: NodeJS.Timeout | null;
  /** A frame of this authenticated connection is being prepared or committed: later ones wait. */
  busy: boolean;
  /** Frames that arrived while busy (the socket is paused meanwhile, so few do). */
  backlog: { data: RawData; isBinary: boolean }[];
}

/** Frames an authenticated connection may have waiting behind the one in flight before it is refused. */
const MAX_BACKLOG = 64;

/**
 * The receiver's frame limit, changed per connection: a stranger's frame over MAX_HELLO_BYTES is refused
 * from its header, before its payload is buffered. `_receiver._maxPayload` is ws's own field (ws 8), read
 * on every frame header; nothing public sets it per connection.
 */
function setFrameLimit(ws: WebSocket, bytes: number): void {
  // biome-ignore lint/suspicious/noExplicitAny: ws keeps the limit in a private field (see above).
  const r = (ws as any)._receiver as { _maxPayload?: number } | undefined;
  if (r && typeof r._maxPayload === 'number') r._maxPayload = bytes;
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const { store, log } = o;
  // Commits write the WAL without fsync on the event loop; an fsync on libuv's thread pool makes each
  // batch durable before its acks go out (the same guarantee as synchronous=FULL, without the stall).
  let walFd: number | null = null;
  if (store.db.name !== ':memory:') {
    store.db.pragma('synchronous = NORMAL');
    walFd = openSync(`${store.db.name}-wal`, 'a', 0o600);
  }
  const queue = new CommitQueue(
    store,
    walFd === null
      ? undefined
      : (cb) => fsync(walFd as number, (err) => cb(err ? new Error(`fsync: ${err.message}`) : null)),
  );
  const settings = { reportIntervalSec: o.reportIntervalSec ?? 3600 };
  const admission = new ConnectionAdmission(
    {
      maxConnections: o.maxConnections ?? 50_000,
      maxPerAddress: o.maxConnectionsPerAddress ?? 5_000,
    },
    !!o.tls,
  );
  const enrollGuard = new EnrollGuard(log, o.enrollGuard);
  /** Connections cut by a guard, for /api/health. */
  const guards = { helloTimeouts: 0, httpTimeouts: 0, oversizeBeforeHello: 0, revokedClosed: 0 };
  const health = () => ({
    openConnections: admission.openConnections,
    ...admission.counters,
    ...enrollGuard.counters,
    ...guards,
    workerQueue: pool?.waiting ?? 0,
  });
  const web = await collectorWeb({
    store,
    log,
    commit: (op) =>
      new Promise((resolve, reject) => queue.push(op, (err, r) => (err ? reject(err) : resolve(r as never)))),
    hosts: new HostCheck(o.allowHosts, o.host),
    secure: !!o.tls,
    legacyToken: o.apiToken ?? null,
    loginLimits: o.loginLimits,
    mount: o.mountWeb,
    ingest: () => ({ ...queue.stats, ...traffic }),
    guards: health,
    connectedAgents: () => {
      const ids = new Set<string>();
      for (const c of conns) if (c.agentId && !c.closing) ids.add(c.agentId);
      return ids;
    },
    reportsReceived: () => ({ full: traffic.fullReports, digest: traffic.digestReports }),
  });
  const handler = (req: IncomingMessage, res: ServerResponse) => web.app.handle(req, res);
  const timeouts = {
    headersTimeout: o.httpHeadersTimeoutMs ?? 10_000,
    requestTimeout: o.httpRequestTimeoutMs ?? 30_000,
    // How often Node looks for requests past those timeouts (its default, 30 s, would let them overstay).
    connectionsCheckingInterval: Math.min(1000, o.httpHeadersTimeoutMs ?? 1000),
  };
  const server: Server = o.tls
    ? createHttps({ cert: readFileSync(o.tls.cert), key: readFileSync(o.tls.key), ...timeouts }, handler)
    : createHttp(timeouts, handler);
  server.on('clientError', (err: Error & { code?: string }, socket) => {
    // Node calls this for a request past headersTimeout/requestTimeout too; we answer it ourselves.
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (timedOut) guards.httpTimeouts++;
    if (socket.writable && !socket.writableEnded)
      socket.end(
        timedOut
          ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'
          : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
    socket.destroy();
  });
  // Sockets are accepted here, counted against the caps, and only then handed to the HTTP server.
  const front = createNetServer((socket) => {
    if (admission.admit(socket)) server.emit('connection', socket);
  });
  const wss = new (ws().WebSocketServer)({ server, maxPayload: o.maxPayload ?? MAX_FRAME_BYTES });
  // ws re-emits the HTTP server's errors: until listening, the listen promise below reports them.
  let listening = false;
  wss.on('error', (err) => {
    if (listening) log.error({ err: err.message }, 'server error');
  });
  const conns = new Set<Conn>();
  const digests = new AgentDigests();
  const sweepers = new SweeperDispatch(store, queue, log);
  /** A sweeper's welcome names its site; from then on it is offered its site's due agent sweep jobs. */
  const sweeperWelcome = (c: Conn, agentId: string) => {
    const site = sweepers.siteOf(agentId);
    return site ? { site, start: () => sweepers.connected(agentId, site, c, (m) => send(c, m)) } : null;
  };
  /** What arrived, for /api/health: connections accepted, full reports, digest-only (`unchanged`)
   * reports acked, and digests answered with inventory_needed. */
  const traffic = { connections: 0, fullReports: 0, digestReports: 0, inventoryNeeded: 0 };
  const workerCatalog = () => (store.judging.origin === 'installed' ? store.judging.data : null);
  const pool = o.workers
    ? new ReportPool(
        o.workers,
        o.workerScript ?? process.argv[1],
        (err) => log.error({ err: err.message }, 'report worker failed'),
        workerCatalog(),
      )
    : null;

  // Re-judging stored verdicts (a new catalog or policy) in short steps, each a job of the commit queue:
  // reports keep being acked in between, and an interrupted run resumes at the next start.
  const rejudger = new Rejudger(store);
  let rejudging = false;
  let closed = false;
  const rejudge = () => {
    if (rejudging || closed) return;
    rejudging = true;
    const t = { judged: 0, changed: 0, started: performance.now() };
    const step = () =>
      queue.push(
        () => rejudger.step(o.rejudgeStepMs ?? 20),
        (err, r) => {
          if (err || !r) {
            rejudging = false;
            return log.error({ err: err?.message }, 're-judging stopped; it resumes at the next start');
          }
          t.judged += r.judged;
          t.changed += r.changed;
          if (!r.done && !closed) return void setImmediate(step);
          rejudging = false;
          const j = store.judging;
          log.info(
            {
              judged: t.judged,
              changed: t.changed,
              ms: Math.round(performance.now() - t.started),
              catalog: j.version,
              policy: j.policyId,
            },
            're-judged stored verdicts',
          );
        },
      );
    step();
  };
  store.onJudgingChange = (j) => {
    log.info(
      { catalog: j.version, policy: j.policyId },
      'catalog or policy changed: re-judging stored verdicts',
    );
    pool?.setCatalog(workerCatalog());
    rejudge();
  };
  if (rejudger.due()) rejudge();
  // Commands that would re-judge leave it to this process while it serves (store/serving.ts).
  const file = store.db.name !== ':memory:';
  if (file) markServing(store.settings);
  const follow = setInterval(() => {
    try {
      if (file) markServing(store.settings);
      store.followJudging();
    } catch (e) {
      // Another process holds the write lock: the serving mark is renewed at the next turn.
      if ((e as { code?: string }).code !== 'SQLITE_BUSY')
        log.error({ err: (e as Error).message }, 'could not read the catalog settings');
    }
  }, o.followJudgingMs ?? 2000);
  follow.unref();

  const send = (c: Conn, m: CollectorMessage) => {
    if (c.ws.readyState === c.ws.OPEN) c.ws.send(JSON.stringify(m));
  };
  /**
   * Refuses one input: an error message, and (with a close code) the connection ends. Logged once, or
   * not at all with `quiet` (refusals that are counted and summed up instead, like guessed secrets).
   */
  const refuse = (
    c: Conn,
    code: ErrorCode,
    message: string,
    close?: number,
    reportId?: string,
    detail: Record<string, unknown> = {},
    quiet = false,
  ) => {
    if (c.closing) return;
    if (!quiet) log.warn({ peer: c.peer, agentId: c.agentId, code, reportId, ...detail }, message);
    send(c, { type: 'error', code, message, ...(reportId ? { reportId } : {}) });
    if (close) closeConn(c, close, code);
  };
  const closeConn = (c: Conn, close: number, reason: string) => {
    if (c.closing) return;
    c.closing = true;
    c.ws.close(close, reason);
    // A peer that does not finish the closing handshake is cut off.
    setTimeout(() => c.ws.terminate(), 2000).unref();
  };
  const revokedMessage = (agentId: string, revokedAt: string) =>
    `agent ${agentId} was revoked on ${revokedAt} and is not accepted again. To report from this machine, enroll it anew: a new enrollment secret (coverscan enroll create, on the collector) and a new agent state (a new --state-dir, or delete agent.json in this one)`;
  /** The connection is this agent's from now on: its frames may be as large as a report. */
  const authenticated = (c: Conn, agentId: string) => {
    c.agentId = agentId;
    if (c.helloTimer) clearTimeout(c.helloTimer);
    c.helloTimer = null;
    setFrameLimit(c.ws, o.maxPayload ?? MAX_FRAME_BYTES);
  };

  const onHello = (c: Conn, msg: unknown, done: () => void) => {
    const h = helloSchema.safeParse(msg);
    if (!h.success) {
      refuse(c, 'bad_message', `invalid hello: ${describeIssues(h.error)}`, closeCodes.protocol);
      return done();
    }
    if (c.helloSeen) {
      refuse(c, 'protocol', 'hello sent twice on one connection', closeCodes.protocol);
      return done();
    }
    c.helloSeen = true;
    const hello = h.data;
    if (hello.agentId && hello.nodeKey) {
      const r = store.authenticate(hello.agentId, hello.nodeKey);
      if (!r.ok && r.code === 'revoked') {
        const agentId = hello.agentId;
        queue.push(
          () => store.recordRefusal(agentId),
          (err) =>
            err && log.error({ agentId, err: err.message }, "could not count a revoked agent's attempt"),
        );
        refuse(c, 'revoked', revokedMessage(agentId, r.revokedAt), closeCodes.revoked, undefined, {
          revokedAgent: agentId,
          hostname: hello.hostname,
          revokedAt: r.revokedAt,
        });
        return done();
      }
      if (!r.ok) {
        refuse(c, 'node_invalid', 'unknown agent id or wrong node key', closeCodes.nodeInvalid);
        return done();
      }
      authenticated(c, hello.agentId);
      const inventoryHash = digests.open(hello.agentId, r.inventoryHash);
      log.debug({ peer: c.peer, agentId: c.agentId }, 'agent connected');
      const sweeper = sweeperWelcome(c, hello.agentId);
      send(c, {
        type: 'welcome',
        agentId: hello.agentId,
        settings,
        // The agent fits its reports under this instead of retrying one that can never pass.
        maxFrameBytes: o.maxPayload ?? MAX_FRAME_BYTES,
        ...(inventoryHash ? { inventoryHash } : {}),
        ...(sweeper ? { sweeper: { site: sweeper.site } } : {}),
      });
      sweeper?.start();
      return done();
    }
    if (hello.enrollSecret) {
      const secret = hello.enrollSecret;
      // Guessing is charged to the address and refused read-only: no transaction, no fsync, one log
      // summary per interval (enroll-guard.ts).
      if (!enrollGuard.mayTry(c.address)) {
        refuse(
          c,
          'rate_limited',
          'too many wrong enrollment secrets from this address: try again later',
          closeCodes.rateLimited,
          undefined,
          {},
          true,
        );
        return done();
      }
      const standing = store.checkEnrollSecret(secret);
      if (standing !== 'ok') {
        enrollGuard.refused(c.address);
        if (standing === 'revoked')
          refuse(
            c,
            'revoked',
            'this enrollment secret was revoked: ask for a new one (coverscan enroll create, on the collector)',
            closeCodes.revoked,
            undefined,
            {},
            true,
          );
        else refuse(c, 'bad_secret', 'unknown enrollment secret', closeCodes.badSecret, undefined, {}, true);
        return done();
      }
      return queue.push(
        // A connection refused meanwhile (e.g. a second hello) enrolls no one.
        () => (c.closing ? null : store.enroll(secret, hello.hostname, hello.agentVersion)),
        (err, r) => {
          done();
          if (c.closing) return;
          if (err || !r) return refuse(c, 'internal', `enrollment failed: ${err?.message}`, 1011);
          // Revoked between the check and the transaction.
          if (!r.ok) return refuse(c, r.code, 'enrollment secret refused', closeCodes.badSecret);
          authenticated(c, r.agentId);
          digests.open(r.agentId, null);
          log.info({ peer: c.peer, agentId: r.agentId, hostname: hello.hostname }, 'agent enrolled');
          const sweeper = sweeperWelcome(c, r.agentId);
          send(c, {
            type: 'welcome',
            agentId: r.agentId,
            nodeKey: r.nodeKey,
            settings,
            maxFrameBytes: o.maxPayload ?? MAX_FRAME_BYTES,
            ...(sweeper ? { sweeper: { site: sweeper.site } } : {}),
          });
          sweeper?.start();
        },
      );
    }
    refuse(
      c,
      'not_enrolled',
      'hello needs an enrollment secret or an agent id with its node key',
      closeCodes.badSecret,
    );
    done();
  };

  /** Thrown inside a report's transaction when its agent was revoked meanwhile: nothing is stored. */
  class Revoked extends Error {}
  /**
   * Queues a report's write; acks after commit. `full`: a full report whose digest becomes the agent's.
   * The agent is checked again inside the transaction: a report in flight when it was revoked is refused.
   */
  const commitReport = (
    c: Conn,
    reportId: string,
    hash: string | null,
    op: () => boolean,
    done: () => void,
    full = false,
  ) => {
    const agentId = c.agentId as string;
    queue.push(
      () => {
        const at = store.agentRevokedAt(agentId);
        if (at) throw new Revoked(at);
        return op();
      },
      (err, stored) => {
        done();
        if (full) digests.end(agentId, err ? undefined : stored ? hash : undefined);
        if (err instanceof Revoked) return revokedConn(c, agentId, err.message);
        if (err) {
          log.error({ agentId, reportId, err: err.message }, 'report not stored');
          return send(c, {
            type: 'error',
            code: 'internal',
            message: 'report not stored; send it again',
            reportId,
          });
        }
        if (!stored) log.debug({ agentId, reportId }, 'duplicate report acked again');
        send(c, { type: 'ack', reportId });
      },
    );
  };
  const revokedConn = (c: Conn, agentId: string, revokedAt: string) => {
    if (c.closing) return;
    guards.revokedClosed++;
    refuse(c, 'revoked', revokedMessage(agentId, revokedAt), closeCodes.revoked, undefined, { revokedAt });
  };

  /** `begun`: digests.begin() was called for this frame when it went to the worker. */
  const handle = (c: Conn, p: Prepared, fp: { hash: string } | null, done: () => void, begun = false) => {
    const agentId = c.agentId;
    if (p.kind !== 'report' && begun && agentId) digests.end(agentId);
    if (p.kind === 'refuse') {
      refuse(c, p.code, p.message, p.close, p.reportId);
      return done();
    }
    if (p.kind === 'message') return onHello(c, p.msg, done);
    if (!agentId) return done();
    if (p.kind === 'unchanged') {
      // Only against what is committed, with none of this agent's full reports still on their way: one
      // ahead of it may change the inventory. Otherwise the agent sends this one in full.
      if (!digests.unchanged(agentId, p.digest)) {
        traffic.inventoryNeeded++;
        refuse(
          c,
          'inventory_needed',
          'the collector does not hold the inventory of this digest: send the report in full',
          undefined,
          p.reportId,
        );
        return done();
      }
      traffic.digestReports++;
      return commitReport(c, p.reportId, p.digest, () => store.touchReport(agentId, p.reportId), done);
    }
    if (p.kind === 'progress' || p.kind === 'sweep') {
      // Sweep results and progress are not reports: their revocation check is this one.
      const revokedAt = store.agentRevokedAt(agentId);
      if (revokedAt) {
        revokedConn(c, agentId, revokedAt);
        return done();
      }
    }
    if (p.kind === 'progress') {
      sweepers.progress(agentId, p.progress);
      return done();
    }
    if (p.kind === 'sweep') {
      const reportId = p.reportId;
      return sweepers.part(agentId, p.report, p.drafts, (err, outcome) => {
        done();
        if (err) {
          log.error({ agentId, reportId, err: err.message }, 'sweep results not stored');
          return send(c, {
            type: 'error',
            code: 'internal',
            message: 'sweep results not stored; send them again',
            reportId,
          });
        }
        if (outcome?.kind === 'refused')
          return refuse(c, 'bad_message', outcome.message, undefined, reportId);
        send(c, { type: 'ack', reportId });
      });
    }
    const hash = fp?.hash ?? null;
    traffic.fullReports++;
    if (!begun) digests.begin(agentId);
    commitReport(
      c,
      p.reportId,
      hash,
      () => store.ingestReport(agentId, p.reportId, hash, p.drafts, p.version),
      done,
      true,
    );
  };

  /** A frame of an authenticated connection: one at a time; the others wait, the socket paused. */
  const onAgentFrame = (c: Conn, data: RawData, isBinary: boolean) => {
    if (c.busy) {
      if (c.backlog.length >= MAX_BACKLOG)
        return refuse(c, 'rate_limited', 'too many frames ahead of their answers', closeCodes.rateLimited);
      c.backlog.push({ data, isBinary });
      c.ws.pause();
      return;
    }
    c.busy = true;
    processFrame(c, data, isBinary, () => {
      // Its socket was paused while this frame was worked on (pongs unread): it is alive.
      c.alive = true;
      c.busy = false;
      const next = c.backlog.shift();
      if (!next) return void (c.closing || c.ws.resume());
      // Not from inside the last frame's callback: a long backlog must not grow the stack.
      setImmediate(() => (c.closing ? undefined : onAgentFrame(c, next.data, next.isBinary)));
    });
  };

  const processFrame = (c: Conn, data: RawData, isBinary: boolean, done: () => void) => {
    if (c.closing) return done();
    if (isBinary) {
      refuse(c, 'protocol', 'binary frames are not part of the protocol', closeCodes.protocol);
      return done();
    }
    const agentId = c.agentId;
    // A key revoked by another process is refused at its next frame, even before the watch notices: a
    // report by the check inside its commit (commitReport), a sweeper's frame in handle(). Not here: a
    // lookup outside a transaction takes SQLite's read locks anew, ~30 µs on every frame.
    const text = data.toString();
    const fp = agentId ? reportFingerprint(text, Buffer.isBuffer(data) ? data : undefined) : null;
    if (fp && agentId && digests.unchanged(agentId, fp.hash)) {
      // Byte for byte the report already validated and stored, but for its id and times: only times move.
      traffic.fullReports++;
      return commitReport(c, fp.reportId, fp.hash, () => store.touchReport(agentId, fp.reportId), done);
    }
    if (!pool || !agentId || text.length < 16_384)
      return handle(c, prepareFrame(text, agentId, store.identifyCache, fp?.hash), fp, done);
    digests.begin(agentId);
    void pool.run(text, agentId, agentId, fp?.hash ?? null).then((p) => {
      if (!c.closing) handle(c, p, fp, done, true);
      else {
        digests.end(agentId);
        done();
      }
    });
  };

  const onMessage = (c: Conn, data: RawData, isBinary: boolean) => {
    c.alive = true;
    if (c.closing) return;
    if (!c.bucket.take())
      return refuse(c, 'rate_limited', 'too many messages per second', closeCodes.rateLimited);
    if (c.agentId) return onAgentFrame(c, data, isBinary);
    // Before authentication only a small hello is read (the receiver's limit refuses bigger frames from
    // their header; this catches a limit that could not be set). It is parsed here, never by a worker.
    const size = Array.isArray(data)
      ? data.reduce((n, b) => n + b.length, 0)
      : (data as Buffer | ArrayBuffer).byteLength;
    if (size > MAX_HELLO_BYTES) {
      guards.oversizeBeforeHello++;
      return refuse(
        c,
        'too_large',
        `only a hello (at most ${MAX_HELLO_BYTES} bytes) is read before authentication`,
        1009,
      );
    }
    processFrame(c, data, isBinary, () => {});
  };

  wss.on('connection', (ws, req) => {
    traffic.connections++;
    const c: Conn = {
      ws,
      peer: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
      address: req.socket.remoteAddress ?? '',
      agentId: null,
      alive: true,
      bucket: new TokenBucket(o.rate ?? 20, o.burst ?? 40),
      closing: false,
      helloSeen: false,
      helloTimer: null,
      busy: false,
      backlog: [],
    };
    setFrameLimit(ws, MAX_HELLO_BYTES);
    c.helloTimer = setTimeout(() => {
      c.helloTimer = null;
      // A hello being answered (an enrollment waiting for its commit) is not a missing one.
      if (c.agentId || c.closing || c.helloSeen) return;
      guards.helloTimeouts++;
      log.debug({ peer: c.peer }, 'no hello before the deadline: closing');
      closeConn(c, closeCodes.helloTimeout, 'hello_timeout');
    }, o.helloTimeoutMs ?? 10_000);
    c.helloTimer.unref();
    conns.add(c);
    ws.on('message', (data, isBinary) => onMessage(c, data, isBinary));
    ws.on('pong', () => {
      c.alive = true;
    });
    ws.on('error', (err: Error & { code?: string }) => {
      // ws closes the socket itself (1009 for an oversized frame, 1002 for a broken one).
      const tooLarge = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
      if (tooLarge && !c.agentId) guards.oversizeBeforeHello++;
      const code = tooLarge ? 'too_large' : 'protocol';
      // A stranger's oversized frame is counted, not logged: a flood of them would flood the log.
      if (c.agentId || !tooLarge) log.warn({ peer: c.peer, agentId: c.agentId, code }, err.message);
      c.closing = true;
    });
    ws.on('close', () => {
      conns.delete(c);
      if (c.helloTimer) clearTimeout(c.helloTimer);
      if (c.agentId) {
        digests.close(c.agentId);
        sweepers.disconnected(c.agentId, c);
      }
    });
  });

  const revocations = new RevocationWatch(
    store,
    function* () {
      for (const c of conns) if (c.agentId && !c.closing) yield c.agentId;
    },
    (agentId, revokedAt) => {
      for (const c of conns) if (c.agentId === agentId) revokedConn(c, agentId, revokedAt);
    },
    (err) => log.error({ err: err.message }, 'could not look for revoked agents'),
    o.revocationPollMs ?? 500,
  );

  // Acked report ids are kept for the idempotency window, not forever.
  const prune = () => {
    const days = o.reportRetentionDays ?? 30;
    const n = store.pruneReports(new Date(Date.now() - days * 86_400_000).toISOString());
    if (n) log.info({ pruned: n, days }, 'forgot acked report ids past the idempotency window');
  };
  prune();
  const pruner = setInterval(
    () =>
      queue.push(prune, (err) => err && log.error({ err: err.message }, 'could not forget old report ids')),
    3_600_000,
  );
  pruner.unref();

  const heartbeat = setInterval(() => {
    for (const c of conns) {
      // A frame of it is being worked on and its socket is paused (pongs unread): not a dead peer.
      if (c.busy) continue;
      if (!c.alive) {
        log.info({ peer: c.peer, agentId: c.agentId }, 'no pong: closing dead peer');
        c.ws.terminate();
        conns.delete(c);
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }, o.heartbeatMs ?? 30_000);
  heartbeat.unref();

  // From here on this process never waits on SQLite's lock with the event loop: commits that find the
  // write lock taken (a `coverscan sweep --db` on the same file) are retried asynchronously by the
  // commit queue, and the few direct writes (the serving mark) skip a turn.
  store.db.pragma('busy_timeout = 0');
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(o.port, o.host, () => resolve());
  });
  front.on('error', (err) => log.error({ err: err.message }, 'server error'));
  // The HTTP server does not listen itself (the front server does), so Node's check for requests past
  // headersTimeout/requestTimeout, which starts on its 'listening' event, is started here; it also
  // closes sockets that never send a byte.
  server.emit('listening');
  listening = true;
  const addr = front.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const scheme = o.tls ? 'wss' : 'ws';
  return {
    url: `${scheme}://${host}:${addr.port}`,
    httpUrl: `${o.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    port: addr.port,
    queue,
    connections: () => conns.size,
    close: async () => {
      closed = true;
      clearInterval(heartbeat);
      clearInterval(pruner);
      clearInterval(follow);
      revocations.close();
      enrollGuard.close();
      sweepers.close();
      const stopped = new Promise<void>((r) => front.close(() => r()));
      for (const c of conns) c.ws.close(1001, 'collector shutting down');
      await queue.drain();
      await new Promise<void>((r) => wss.close(() => r()));
      for (const c of conns) c.ws.terminate();
      server.closeAllConnections?.();
      admission.destroyAll();
      // Upgraded sockets are no longer the HTTP server's: the front server waits for them to end.
      await stopped;
      await pool?.close();
      await queue.drain();
      if (walFd !== null) closeSync(walFd);
      // Shutting down: waiting a moment for another process's lock is fine now.
      if (store.db.open) store.db.pragma('busy_timeout = 10000');
      if (file && store.db.open) clearServing(store.settings);
    },
  };
}
