// Report frames are parsed, validated and prepared on a worker thread, so the main thread only moves
// bytes and writes SQLite. The worker is the same bundled CLI started with a hidden subcommand.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { type CatalogData, useCatalog } from '@coverscan/shared';
import type { Command } from 'commander';
import { loadCatalogData, shippedLoaded } from '../catalog/bundle';
import { IdentifyCache } from '../store/identify-cache';
import { FairQueue } from './fair-queue';
import { type Prepared, prepareFrame } from './prepare-frame';

const COMMAND = '__report-worker';

/** The collector's installed catalog, or null for the shipped one: sent at start and when it changes. */
interface CatalogMessage {
  catalog: CatalogData | null;
}

/** Identifies with the collector's catalog (the IdentifyCache empties itself when it changes). */
function useWorkerCatalog(m: CatalogMessage): void {
  if (m.catalog) useCatalog(loadCatalogData(m.catalog).catalog);
  else {
    shippedLoaded(); // its digest labels what this worker prepares
    useCatalog(null);
  }
}

interface Job {
  id: number;
  text: string;
  agentId: string | null;
  fingerprint: string | null;
}

export function registerReportWorker(program: Command): void {
  program.command(COMMAND, { hidden: true }).action(() => {
    const port = parentPort;
    if (!port) throw new Error(`${COMMAND} runs only as coverscan serve's worker thread`);
    useWorkerCatalog(workerData as CatalogMessage);
    const cache = new IdentifyCache();
    port.on('message', (j: Job | CatalogMessage) => {
      if (!('id' in j)) return useWorkerCatalog(j);
      let result: Prepared;
      try {
        result = prepareFrame(j.text, j.agentId, cache, j.fingerprint);
      } catch (e) {
        result = { kind: 'refuse', code: 'internal', message: `could not process frame: ${String(e)}` };
      }
      port.postMessage({ id: j.id, result });
    });
  });
}

interface Waiting {
  job: Job;
  done: (r: Prepared) => void;
}

interface Slot {
  worker: Worker;
  /** The job it is preparing (one at a time, so the queue below decides who goes next). */
  running: { key: string; id: number; done: (r: Prepared) => void } | null;
}

/**
 * A pool of report workers. Frames wait in a FairQueue keyed by agent: each worker prepares one frame
 * at a time, the next one taken round-robin across agents, and never two of one agent at once (so an
 * agent's frames stay in order and one agent holds at most one worker). The queue holds at most one
 * frame per connection (server.ts reads no further frame from a connection until its report is
 * answered), so it is bounded by the connection cap.
 */
export class ReportPool {
  private readonly slots: Slot[] = [];
  private readonly queue = new FairQueue<Waiting>();
  private seq = 0;
  private closed = false;

  constructor(
    size: number,
    private readonly script: string,
    private readonly onError: (err: Error) => void,
    private catalog: CatalogData | null = null,
  ) {
    for (let i = 0; i < size; i++) this.slots.push({ worker: this.spawn(i), running: null });
  }

  /** Frames waiting for a worker (for /api/health). */
  get waiting(): number {
    return this.queue.size;
  }

  private spawn(i: number): Worker {
    const w = new Worker(this.script, {
      argv: [COMMAND],
      workerData: { catalog: this.catalog } satisfies CatalogMessage,
    });
    w.on('message', (m: { id: number; result: Prepared }) => {
      const slot = this.slots[i];
      const r = slot.running;
      if (!r || r.id !== m.id) return;
      slot.running = null;
      r.done(m.result);
      this.dispatch();
    });
    w.on('error', (err) => this.onError(err));
    w.on('exit', () => {
      if (this.closed) return;
      // The frame it held is refused (not acked: the agent sends it again), and a new worker starts.
      const r = this.slots[i].running;
      this.slots[i] = { worker: this.spawn(i), running: null };
      r?.done({ kind: 'refuse', code: 'internal', message: 'report worker stopped; send the report again' });
      this.dispatch();
    });
    w.unref();
    return w;
  }

  /** Frames sent after this are prepared with the catalog (messages to a worker stay in order). */
  setCatalog(catalog: CatalogData | null): void {
    this.catalog = catalog;
    for (const s of this.slots) s.worker.postMessage({ catalog } satisfies CatalogMessage);
  }

  /** Prepares a frame; `key` is whose turn it takes (the agent id). */
  run(text: string, agentId: string | null, key: string, fingerprint: string | null): Promise<Prepared> {
    const id = ++this.seq;
    return new Promise((done) => {
      this.queue.push(key, { job: { id, text, agentId, fingerprint }, done });
      this.dispatch();
    });
  }

  private dispatch(): void {
    if (this.closed) return;
    const busy = new Set(this.slots.flatMap((s) => (s.running ? [s.running.key] : [])));
    for (const slot of this.slots) {
      if (slot.running) continue;
      const next = this.queue.shift((k) => busy.has(k));
      if (!next) return;
      busy.add(next.key);
      slot.running = { key: next.key, id: next.item.job.id, done: next.item.done };
      slot.worker.postMessage(next.item.job satisfies Job);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const refused: Prepared = { kind: 'refuse', code: 'internal', message: 'collector shutting down' };
    for (const w of this.queue.clear()) w.done(refused);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
