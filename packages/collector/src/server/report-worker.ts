// Report frames are parsed, validated and prepared on a worker thread, so the main thread only moves
// bytes and writes SQLite. The worker is the same bundled CLI started with a hidden subcommand.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { type CatalogData, useCatalog } from '@coverscan/shared';
import type { Command } from 'commander';
import { loadCatalogData, shippedLoaded } from '../catalog/bundle';
import { IdentifyCache } from '../store/identify-cache';
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

/** A pool of report workers; frames of one agent always go to the same worker, so they stay in order. */
export class ReportPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, (r: Prepared) => void>();
  private seq = 0;
  private closed = false;

  constructor(
    size: number,
    private readonly script: string,
    private readonly onError: (err: Error) => void,
    private catalog: CatalogData | null = null,
  ) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn(i));
  }

  private spawn(i: number): Worker {
    const w = new Worker(this.script, {
      argv: [COMMAND],
      workerData: { catalog: this.catalog } satisfies CatalogMessage,
    });
    w.on('message', (m: { id: number; result: Prepared }) => {
      const done = this.pending.get(m.id);
      this.pending.delete(m.id);
      done?.(m.result);
    });
    w.on('error', (err) => this.onError(err));
    w.on('exit', () => {
      if (this.closed) return;
      // Frames it held are refused (not acked: the agents send them again), and a new worker starts.
      for (const [id, done] of this.pending) {
        this.pending.delete(id);
        done({ kind: 'refuse', code: 'internal', message: 'report worker stopped; send the report again' });
      }
      this.workers[i] = this.spawn(i);
    });
    w.unref();
    return w;
  }

  /** Frames sent after this are prepared with the catalog (messages to a worker stay in order). */
  setCatalog(catalog: CatalogData | null): void {
    this.catalog = catalog;
    for (const w of this.workers) w.postMessage({ catalog } satisfies CatalogMessage);
  }

  run(text: string, agentId: string | null, affinity: number, fingerprint: string | null): Promise<Prepared> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.workers[affinity % this.workers.length].postMessage({
        id,
        text,
        agentId,
        fingerprint,
      } satisfies Job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
