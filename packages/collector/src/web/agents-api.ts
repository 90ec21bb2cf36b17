// GET /api/agents: each enrolled agent, when it was last seen, whether it is stale (not seen within the
// collector's stale-after setting), revoked, or connected right now.
import { agentsQuerySchema } from '@coverscan/shared';
import { staleBefore } from '../store/staleness';
import type { Store } from '../store/store';
import { sendJson } from './respond';
import { parseQuery, type WebApp } from './web-app';

export function agentStates(store: Store, connected: Set<string>) {
  const cut = staleBefore(store.settings);
  return store.listAgents().map((a) => ({
    ...a,
    connected: connected.has(a.id),
    stale: !a.revokedAt && a.lastSeen < cut,
    state: a.revokedAt ? ('revoked' as const) : a.lastSeen < cut ? ('stale' as const) : ('active' as const),
  }));
}

export function mountAgentsApi(app: WebApp, store: Store, connected: () => Set<string>): void {
  app.route('GET', '/api/agents', 'user', ({ res, url }) => {
    const q = parseQuery(agentsQuerySchema, url);
    const all = agentStates(store, connected());
    sendJson(res, 200, q.state ? all.filter((a) => a.state === q.state) : all);
  });
}
