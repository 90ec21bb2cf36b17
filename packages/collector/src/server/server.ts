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
import type { AddressInfo } from 'node:net';
import {
  type CollectorMessage,
  closeCodes,
  describeIssues,
  type ErrorCode,
  helloSchema,
  MAX_FRAME_BYTES,
  reportFingerprint,
} from '@coverscan/shared';
import type { Logger } from 'pino';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { Rejudger } from '../store/rejudge';
import { clearServing, markServing } from '../store/serving';
import type { Store } from '../store/store';
import { AgentDigests } from './agent-digests';
import { CommitQueue } from './commit-queue';
import { handleHttp } from './http-api';
import { type Prepared, prepareFrame } from './prepare-frame';
import { TokenBucket } from './rate-limit';

import { ReportPool } from './report-worker';

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
  /** Bearer token for the HTTP API from other hosts; without it the API answers loopback only. */
  apiToken?: string;
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
  agentId: string | null;
  alive: boolean;
  bucket: TokenBucket;
  closing: boolean;
  affinity: number;
  helloSeen: boolean;
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
  const apiToken = o.apiToken ?? null;
  const handler = (req: IncomingMessage, res: ServerResponse) =>
    handleHttp(store, req, res, log, apiToken, () => ({ ...queue.stats, ...traffic }));
  const server: Server = o.tls
    ? createHttps({ cert: readFileSync(o.tls.cert), key: readFileSync(o.tls.key) }, handler)
    : createHttp(handler);
  const wss = new WebSocketServer({ server, maxPayload: o.maxPayload ?? MAX_FRAME_BYTES });
  // ws re-emits the HTTP server's errors: until listening, the listen promise below reports them.
  let listening = false;
  wss.on('error', (err) => {
    if (listening) log.error({ err: err.message }, 'server error');
  });
  const conns = new Set<Conn>();
  const digests = new AgentDigests();
  /** What arrived, for /api/health: connections accepted, full reports, digest-only (`unchanged`)
   * reports acked, and digests answered with inventory_needed. */
  const traffic = { connections: 0, fullReports: 0, digestReports: 0, inventoryNeeded: 0 };
  let nextAffinity = 0;
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
      log.error({ err: (e as Error).message }, 'could not read the catalog settings');
    }
  }, o.followJudgingMs ?? 2000);
  follow.unref();

  const send = (c: Conn, m: CollectorMessage) => {
    if (c.ws.readyState === WebSocket.OPEN) c.ws.send(JSON.stringify(m));
  };
  /** Refuses one input: logged once, an error message, and (with a close code) the connection ends. */
  const refuse = (
    c: Conn,
    code: ErrorCode,
    message: string,
    close?: number,
    reportId?: string,
    detail: Record<string, unknown> = {},
  ) => {
    if (c.closing) return;
    log.warn({ peer: c.peer, agentId: c.agentId, code, reportId, ...detail }, message);
    send(c, { type: 'error', code, message, ...(reportId ? { reportId } : {}) });
    if (close) {
      c.closing = true;
      c.ws.close(close, code);
      // A peer that does not finish the closing handshake is cut off.
      setTimeout(() => c.ws.terminate(), 2000).unref();
    }
  };

  const onHello = (c: Conn, msg: unknown) => {
    const h = helloSchema.safeParse(msg);
    if (!h.success)
      return refuse(c, 'bad_message', `invalid hello: ${describeIssues(h.error)}`, closeCodes.protocol);
    if (c.helloSeen) return refuse(c, 'protocol', 'hello sent twice on one connection', closeCodes.protocol);
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
        return refuse(
          c,
          'revoked',
          `agent ${agentId} was revoked on ${r.revokedAt} and is not accepted again. To report from this machine, enroll it anew: a new enrollment secret (coverscan enroll create, on the collector) and a new agent state (a new --state-dir, or delete agent.json in this one)`,
          closeCodes.revoked,
          undefined,
          { revokedAgent: agentId, hostname: hello.hostname, revokedAt: r.revokedAt },
        );
      }
      if (!r.ok)
        return refuse(c, 'node_invalid', 'unknown agent id or wrong node key', closeCodes.nodeInvalid);
      c.agentId = hello.agentId;
      const inventoryHash = digests.open(hello.agentId, r.inventoryHash);
      log.debug({ peer: c.peer, agentId: c.agentId }, 'agent connected');
      return send(c, {
        type: 'welcome',
        agentId: hello.agentId,
        settings,
        ...(inventoryHash ? { inventoryHash } : {}),
      });
    }
    if (hello.enrollSecret) {
      const secret = hello.enrollSecret;
      return queue.push(
        // A connection refused meanwhile (e.g. a second hello) enrolls no one.
        () => (c.closing ? null : store.enroll(secret, hello.hostname, hello.agentVersion)),
        (err, r) => {
          if (c.closing) return;
          if (err || !r) return refuse(c, 'internal', `enrollment failed: ${err?.message}`, 1011);
          if (!r.ok)
            return r.code === 'revoked'
              ? refuse(
                  c,
                  'revoked',
                  'this enrollment secret was revoked: ask for a new one (coverscan enroll create, on the collector)',
                  closeCodes.revoked,
                  undefined,
                  { hostname: hello.hostname },
                )
              : refuse(c, 'bad_secret', 'unknown enrollment secret', closeCodes.badSecret);
          c.agentId = r.agentId;
          digests.open(r.agentId, null);
          log.info({ peer: c.peer, agentId: r.agentId, hostname: hello.hostname }, 'agent enrolled');
          send(c, { type: 'welcome', agentId: r.agentId, nodeKey: r.nodeKey, settings });
        },
      );
    }
    refuse(
      c,
      'not_enrolled',
      'hello needs an enrollment secret or an agent id with its node key',
      closeCodes.badSecret,
    );
  };

  /** Queues a report's write; acks after commit. `full`: a full report whose digest becomes the agent's. */
  const commitReport = (c: Conn, reportId: string, hash: string | null, op: () => boolean, full = false) => {
    const agentId = c.agentId as string;
    queue.push(op, (err, stored) => {
      if (full) digests.end(agentId, err ? undefined : stored ? hash : undefined);
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
    });
  };

  /** `begun`: digests.begin() was called for this frame when it went to the worker. */
  const handle = (c: Conn, p: Prepared, fp: { hash: string } | null, begun = false) => {
    const agentId = c.agentId;
    if (p.kind !== 'report' && begun && agentId) digests.end(agentId);
    if (p.kind === 'refuse') return refuse(c, p.code, p.message, p.close, p.reportId);
    if (p.kind === 'message') return onHello(c, p.msg);
    if (!agentId) return;
    if (p.kind === 'unchanged') {
      // Only against what is committed, with none of this agent's full reports still on their way: one
      // ahead of it may change the inventory. Otherwise the agent sends this one in full.
      if (!digests.unchanged(agentId, p.digest)) {
        traffic.inventoryNeeded++;
        return refuse(
          c,
          'inventory_needed',
          'the collector does not hold the inventory of this digest: send the report in full',
          undefined,
          p.reportId,
        );
      }
      traffic.digestReports++;
      return commitReport(c, p.reportId, p.digest, () => store.touchReport(agentId, p.reportId));
    }
    const hash = fp?.hash ?? null;
    traffic.fullReports++;
    if (!begun) digests.begin(agentId);
    commitReport(
      c,
      p.reportId,
      hash,
      () => store.ingestReport(agentId, p.reportId, hash, p.drafts, p.version),
      true,
    );
  };

  const onMessage = (c: Conn, data: RawData, isBinary: boolean) => {
    c.alive = true;
    if (c.closing) return;
    if (!c.bucket.take())
      return refuse(c, 'rate_limited', 'too many messages per second', closeCodes.rateLimited);
    if (isBinary)
      return refuse(c, 'protocol', 'binary frames are not part of the protocol', closeCodes.protocol);
    const text = data.toString();
    const fp = c.agentId ? reportFingerprint(text, Buffer.isBuffer(data) ? data : undefined) : null;
    if (fp && c.agentId && digests.unchanged(c.agentId, fp.hash)) {
      // Byte for byte the report already validated and stored, but for its id and times: only times move.
      const agentId = c.agentId;
      traffic.fullReports++;
      return commitReport(c, fp.reportId, fp.hash, () => store.touchReport(agentId, fp.reportId));
    }
    if (!pool || text.length < 16_384)
      return handle(c, prepareFrame(text, c.agentId, store.identifyCache, fp?.hash), fp);
    const agentId = c.agentId;
    if (agentId) digests.begin(agentId);
    void pool.run(text, agentId, c.affinity, fp?.hash ?? null).then((p) => {
      if (!c.closing) handle(c, p, fp, !!agentId);
      else if (agentId) digests.end(agentId);
    });
  };

  wss.on('connection', (ws, req) => {
    traffic.connections++;
    const c: Conn = {
      ws,
      peer: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
      agentId: null,
      alive: true,
      bucket: new TokenBucket(o.rate ?? 20, o.burst ?? 40),
      closing: false,
      affinity: nextAffinity++,
      helloSeen: false,
    };
    conns.add(c);
    ws.on('message', (data, isBinary) => onMessage(c, data, isBinary));
    ws.on('pong', () => {
      c.alive = true;
    });
    ws.on('error', (err: Error & { code?: string }) => {
      // ws closes the socket itself (1009 for an oversized frame, 1002 for a broken one).
      const code = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'too_large' : 'protocol';
      log.warn({ peer: c.peer, agentId: c.agentId, code }, err.message);
      c.closing = true;
    });
    ws.on('close', () => {
      conns.delete(c);
      if (c.agentId) digests.close(c.agentId);
    });
  });

  // Acked report ids are kept for the idempotency window, not forever.
  const prune = () => {
    const days = o.reportRetentionDays ?? 30;
    const n = store.pruneReports(new Date(Date.now() - days * 86_400_000).toISOString());
    if (n) log.info({ pruned: n, days }, 'forgot acked report ids past the idempotency window');
  };
  prune();
  const pruner = setInterval(prune, 3_600_000);
  pruner.unref();

  const heartbeat = setInterval(() => {
    for (const c of conns) {
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  listening = true;
  const addr = server.address() as AddressInfo;
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
      for (const c of conns) c.ws.close(1001, 'collector shutting down');
      await queue.drain();
      await new Promise<void>((r) => wss.close(() => r()));
      for (const c of conns) c.ws.terminate();
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      await pool?.close();
      await queue.drain();
      if (walFd !== null) closeSync(walFd);
      if (file && store.db.open) clearServing(store.settings);
    },
  };
}
