// HTTP API benchmark: API_ASSETS assets (default 100,000, about a fifth of them with a finding: 20,000)
// stored through the real ingest path (seed-store.ts), served by the built `coverscan serve`, read with an
// API token over loopback. Measured (each the median and the worst of API_REPS requests, client-side, so
// the server's time plus a loopback round trip): the first page of the assets list, filtered pages, a
// page deep into the list by cursor, the dashboard's pages (HTML), and the full JSON exports (/api/report and
// the dashboard's /assets.json).
// Ceilings: 200 ms a page, 3 s the export (judged on curl's time; see exportMeasure).
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenFor } from '../packages/collector/test/api-auth';
import { serve, stop } from '../test/collector-process';
import { curl, type Download, download, jsonRows } from './download';
import { seedStore } from './seed-store';

const ASSETS = Number(process.env.API_ASSETS ?? 100_000);
const REPS = Number(process.env.API_REPS ?? 15);
/** One agent in this many has a Huawei phone on USB: with the swept devices' findings, ~20 % of assets. */
const PHONE_EVERY = Number(process.env.API_PHONE_EVERY ?? 2);
const dir = mkdtempSync(join(tmpdir(), 'coverscan-api-bench-'));
const db = join(dir, 'bench.db');
/** A database seeded before (API_SEEDED=FILE): copied and served as is, so before/after compare the same data. */
const SEEDED = process.env.API_SEEDED;
/** API_ONLY=export: only the full exports (the pages take a few minutes more). */
const ONLY = process.env.API_ONLY;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const t0 = performance.now();
  if (SEEDED && existsSync(SEEDED)) {
    copyFileSync(SEEDED, db);
    console.log(`serving a copy of ${SEEDED}, ${(statSync(db).size / 1e6).toFixed(0)} MB`);
  } else {
    const seeded = seedStore(db, ASSETS, PHONE_EVERY);
    console.log(
      `seeded ${seeded.counts.assets} assets, ${seeded.counts.findings} findings, ${(statSync(db).size / 1e6).toFixed(0)} MB ` +
        `through the ingest path in ${((performance.now() - t0) / 1000).toFixed(0)} s (not timed)`,
    );
    if (SEEDED) copyFileSync(db, SEEDED);
  }
  const col = await serve(db);
  const headers = tokenFor(db);
  let failed = 0;
  const time = async (path: string): Promise<{ ms: number; body: string }> => {
    const s = performance.now();
    const res = await fetch(`${col.httpUrl}${path}`, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    return { ms: performance.now() - s, body };
  };
  const measure = async (label: string, path: string, ceiling: number) => {
    if (ONLY === 'export') return;
    await time(path); // warm: the statement prepared, the pages in the cache
    const ms: number[] = [];
    let items = 0;
    for (let i = 0; i < REPS; i++) {
      const r = await time(path);
      ms.push(r.ms);
      // A dashboard page is HTML: its rows are the links to assets' (or findings') pages in its table.
      items = r.body.startsWith('<!doctype')
        ? (r.body.match(/<tr( id="finding-\d+")?>\n?<td>/g)?.length ?? 0)
        : ((JSON.parse(r.body) as { items?: unknown[] }).items?.length ?? items);
    }
    const worst = Math.max(...ms);
    const ok = worst <= ceiling;
    if (!ok) failed++;
    console.log(
      `${label.padEnd(44)} median ${median(ms).toFixed(1).padStart(7)} ms, worst ${worst.toFixed(1).padStart(7)} ms, ` +
        `${String(items).padStart(3)} rows  ${ok ? 'ok' : 'OVER'} (≤ ${ceiling} ms)  ${path}`,
    );
  };
  try {
    await measure('first page (100, by id)', '/api/assets', 200);
    await measure('first page, flagged first', '/api/assets?sort=verdict', 200);
    await measure('first page, latest seen first', '/api/assets?sort=lastSeen&order=desc', 200);
    await measure('filtered: covered Huawei', '/api/assets?verdict=covered&entity=huawei', 200);
    await measure(
      'filtered: review neighbors by hostname',
      '/api/assets?verdict=review&kind=neighbor&sort=hostname',
      200,
    );
    await measure('filtered: text "c0:56:e3"', '/api/assets?q=c0:56:e3', 200);
    await measure('filtered: text, rare ("sw-3999")', '/api/assets?q=sw-3999', 200);
    await measure('filtered: subnet 127.0.0.0/16', '/api/assets?subnet=127.0.0.0/16', 200);
    await measure(
      'filtered: on the FCC list, seen since',
      '/api/assets?list=fcc-covered&since=2020-01-01',
      200,
    );
    // 500 pages in: a cursor page costs what the first does.
    let next: string | null = null;
    for (let i = 0; i < (ONLY === 'export' ? 0 : 500); i++) {
      const r = JSON.parse((await time(`/api/assets?limit=100${next ? `&cursor=${next}` : ''}`)).body) as {
        next: string | null;
      };
      next = r.next;
    }
    await measure('page 501 by cursor', `/api/assets?limit=100&cursor=${next}`, 200);
    await measure('findings worklist, open', '/api/findings?status=open', 200);
    // The dashboard's pages (server-rendered HTML, the same token): the first page and a filtered page of
    // the assets table, the worklist, and the overview's counts over every asset.
    await measure('dashboard: assets, first page', '/assets', 200);
    await measure('dashboard: assets, covered Huawei', '/assets?verdict=covered&entity=huawei', 200);
    await measure('dashboard: findings worklist', '/findings', 200);
    await measure('dashboard: overview', '/', 200);
    // The full exports, a few times each: the API's report and the dashboard's export of the assets table
    // (one writer, web/asset-export.ts). Each round: node:http reading bytes as a browser saving a download
    // does (download.ts; gzip asked for, inflated, not decoded to a string while timed), then curl with the
    // same request. The ceiling is judged on curl's time: it is the client a user runs, native, measured by
    // itself (time_total), so neither this bench's JS nor its GC is counted against the server; node:http's
    // time is printed beside it, and its body is the one parsed (untimed) to check the JSON.
    const exportMeasure = async (label: string, path: string) => {
      const node: number[] = [];
      const viaCurl: number[] = [];
      let d: Download | undefined;
      for (let i = 0; i < 3; i++) {
        d = await download(`${col.httpUrl}${path}`, headers);
        if (d.status !== 200)
          throw new Error(`${path}: ${d.status} ${Buffer.concat(d.chunks).toString().slice(0, 200)}`);
        node.push(d.ms);
        const rows = jsonRows(d); // untimed: the body is whole, valid JSON
        d.chunks = [];
        const c = await curl(`${col.httpUrl}${path}`, headers);
        if (c.status !== 200) throw new Error(`${path}: curl got ${c.status}`);
        viaCurl.push(c.ms);
        if (i === 0)
          console.log(
            `  ${path}: ${rows} rows, ${(d.bytes / 1e6).toFixed(1)} MB (${d.encoding}: ${(d.wire / 1e6).toFixed(1)} MB on the wire; curl ${(c.wire / 1e6).toFixed(1)} MB)`,
          );
      }
      const worst = Math.max(...viaCurl);
      if (worst > 3000) failed++;
      console.log(
        `${label.padEnd(44)} curl median ${median(viaCurl).toFixed(0)} ms, worst ${worst.toFixed(0)} ms; ` +
          `node:http median ${median(node).toFixed(0)} ms, worst ${Math.max(...node).toFixed(0)} ms  ` +
          `${worst <= 3000 ? 'ok' : 'OVER'} (≤ 3000 ms, curl)  ${path}`,
      );
    };
    await exportMeasure('full JSON export (/api/report)', '/api/report');
    await exportMeasure("dashboard's JSON export of all assets", '/assets.json');
  } catch (e) {
    // What the server said about it (a stream it cut short logs why).
    console.error(col.stderr().slice(-4000));
    throw e;
  } finally {
    await stop(col);
    // The served copy is ~0.5 GB a run (API_SEEDED keeps the seeded original).
    rmSync(dir, { recursive: true, force: true });
  }
  if (failed) {
    console.log(`${failed} measure(s) over their ceiling`);
    process.exit(1);
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
