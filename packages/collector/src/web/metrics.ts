// GET /metrics: Prometheus text exposition (format 0.0.4), written by hand — a dozen series do not need a
// client library. Behind the same authentication as the API: scrape it with an API token
// (Prometheus `authorization: { credentials_file: ... }`).
import type { Store } from '../store/store';
import { agentStates } from './agents-api';
import type { WebApp } from './web-app';

export interface MetricSources {
  /** Reports received since start, by kind (full, digest). */
  reports: () => { full: number; digest: number };
  connected: () => Set<string>;
  loginRefused: () => number;
}

type Labels = Record<string, string | number>;

/** Label values escaped as the format says: backslash, double quote, line feed. */
function labelText(l: Labels): string {
  const parts = Object.entries(l).map(
    ([k, v]) => `${k}="${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

class Exposition {
  private readonly lines: string[] = [];
  family(name: string, type: 'counter' | 'gauge', help: string, samples: [Labels, number][]): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) this.lines.push(`${name}${labelText(l)} ${v}`);
  }
  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

export function metricsText(store: Store, src: MetricSources): string {
  const db = store.db;
  const e = new Exposition();
  const r = src.reports();
  e.family(
    'coverscan_reports_received_total',
    'counter',
    'Agent reports received since the collector started: full inventories, and unchanged ones sent as a digest.',
    [
      [{ kind: 'full' }, r.full],
      [{ kind: 'digest' }, r.digest],
    ],
  );
  const connected = src.connected();
  e.family('coverscan_agents_connected', 'gauge', 'Agents with an authenticated WebSocket open now.', [
    [{}, connected.size],
  ]);
  const states = { active: 0, stale: 0, revoked: 0 };
  for (const a of agentStates(store, connected)) states[a.state]++;
  e.family(
    'coverscan_agents',
    'gauge',
    'Enrolled agents by state (stale: not seen within the stale-after setting).',
    Object.entries(states).map(([state, n]) => [{ state }, n]),
  );
  const assets = db.prepare('SELECT verdict, count(*) n FROM assets GROUP BY verdict').all() as {
    verdict: string;
    n: number;
  }[];
  e.family(
    'coverscan_assets',
    'gauge',
    'Stored assets by verdict.',
    assets.map((a) => [{ verdict: a.verdict }, a.n]),
  );
  const findings = db
    .prepare(
      'SELECT verdict, entity, status, count(*) n FROM findings WHERE active = 1 GROUP BY verdict, entity, status ORDER BY 1, 2, 3',
    )
    .all() as { verdict: string; entity: string; status: string; n: number }[];
  e.family(
    'coverscan_findings',
    'gauge',
    'Active findings by verdict, entity and status.',
    findings.map((f) => [{ verdict: f.verdict, entity: f.entity, status: f.status }, f.n]),
  );
  const sweeps = db.prepare('SELECT status, count(*) n FROM sweeps GROUP BY status').all() as {
    status: string;
    n: number;
  }[];
  e.family(
    'coverscan_sweeps',
    'gauge',
    'Sweeps recorded, by status.',
    sweeps.map((s) => [{ status: s.status }, s.n]),
  );
  const running = db
    .prepare(
      `SELECT s.id, (SELECT count(DISTINCT o.asset_id) FROM observations o WHERE o.sweep_id = s.id) n
       FROM sweeps s WHERE s.status = 'running' ORDER BY s.id`,
    )
    .all() as { id: number; n: number }[];
  e.family(
    'coverscan_sweep_assets_changed',
    'gauge',
    'Assets a running sweep has found new or changed so far (its progress; its counters come when it ends).',
    running.map((s) => [{ sweep: s.id }, s.n]),
  );
  e.family(
    'coverscan_login_refused_total',
    'counter',
    'Logins refused by the rate limit since the collector started.',
    [[{}, src.loginRefused()]],
  );
  return e.text();
}

export function mountMetrics(app: WebApp, store: Store, src: MetricSources): void {
  app.route('GET', '/metrics', 'user', ({ res }) => {
    res.writeHead(200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(metricsText(store, src));
  });
}
