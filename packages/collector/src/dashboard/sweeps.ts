// GET /sweeps: the sweeps, newest first, and the form that starts one (targets, SNMP port, a stored
// credentials profile or a community — a password field whose value is never sent back); POST /sweeps starts it (sweep-launcher.ts);
// GET /sweeps/:id: its progress, refreshed every 2 s while it runs (a meta refresh: no script), and the
// assets it found: a sweep writes an observation only for a new or changed asset, and moves last_seen of
// the ones it saw unchanged, so those are known by last_seen within its run (until a later sweep sees them).
import { html } from '../pack/html';
import { listCredentialProfiles } from '../store/credential-profiles';
import type { Store } from '../store/store';
import { HttpError } from '../web/http-error';
import { type RawSweep, SWEEP_COLUMNS, sweepRecord } from '../web/sweeps-api';
import { idParam, type WebApp } from '../web/web-app';
import { csrfField, layout, verdictCell, when } from './layout';
import { redirect, sendPage } from './page-response';
import type { SweepLauncher } from './sweep-launcher';

/** How many of a sweep's assets its page lists (most telling first). */
const FOUND_SHOWN = 500;

export function mountSweeps(app: WebApp, store: Store, launcher: SweepLauncher | null): void {
  app.route('GET', '/sweeps', 'page', ({ res, principal }) => {
    const profiles = listCredentialProfiles(store.db);
    const rows = (
      store.db.prepare(`SELECT ${SWEEP_COLUMNS} FROM sweeps ORDER BY id DESC LIMIT 50`).all() as RawSweep[]
    ).map((r) => sweepRecord(store, r));
    sendPage(
      res,
      200,
      layout(
        { title: 'Sweeps', section: '/sweeps', principal },
        launcher
          ? html`<h2>Start a sweep</h2>
<form method="post" action="/sweeps">${csrfField(principal)}
<p><label for="targets">Targets</label><input id="targets" name="targets" required placeholder="10.0.0.0/24 10.0.1.1-10.0.1.20"></p>
<p><label for="port">SNMP port</label><input id="port" name="port" inputmode="numeric" value="161"></p>
${
  profiles.length
    ? html`<p><label for="profile">Credentials profile</label><select id="profile" name="profile">
<option value="">none: the community below</option>${profiles.map(
        (p) => html`<option value="${p.name}">${p.name} — ${p.summary}</option>`,
      )}</select></p>`
    : html`<p class="muted">No stored credentials profile (<code>coverscan credentials add NAME --community C</code>): type a community for this sweep.</p>`
}
<p><label for="community">Community for this sweep only</label><input id="community" name="community" type="password" autocomplete="off" placeholder="public"></p>
<p><button>Start sweep</button></p>
</form>`
          : html`<p class="muted">This collector was not started by <code>coverscan serve</code>: sweeps run from the command line (<code>coverscan sweep</code>).</p>`,
        html`<h2>Recent sweeps</h2>`,
        rows.length
          ? html`<div class="scroll"><table><thead><tr><th scope="col">sweep</th><th scope="col">targets</th><th scope="col">status</th><th scope="col">started (UTC)</th><th scope="col" class="num">assets</th></tr></thead>
<tbody>${rows.map(
              (s) =>
                html`<tr><td><a href="/sweeps/${s.id}">${s.id}</a></td><td>${s.targets.join(' ')}</td><td>${s.status}</td><td>${when(s.startedAt)}</td><td class="num">${s.assetsChanged}</td></tr>`,
            )}</tbody></table></div>`
          : html`<p>No sweep yet.</p>`,
      ),
    );
  });

  app.route('POST', '/sweeps', 'page', async ({ res, body }) => {
    if (!launcher) throw new HttpError(404, 'sweeps are started from the command line here');
    const targets = (typeof body.targets === 'string' ? body.targets : '').split(/[\s,]+/).filter(Boolean);
    if (!targets.length) throw new HttpError(400, 'targets: give at least one address, CIDR or range');
    const portText = typeof body.port === 'string' && body.port.trim() ? body.port.trim() : '161';
    const snmpPort = Number(portText);
    if (!Number.isInteger(snmpPort) || snmpPort < 1 || snmpPort > 65535)
      throw new HttpError(400, `port: expected 1 to 65535, got "${portText}"`);
    const profile = typeof body.profile === 'string' ? body.profile : '';
    const community = typeof body.community === 'string' ? body.community : '';
    if (profile && community)
      throw new HttpError(400, 'choose a credentials profile or type a community, not both');
    const credentials = profile ? { profile } : community ? { community } : null;
    const id = await launcher.start({ targets, snmpPort, credentials });
    redirect(res, `/sweeps/${id}`);
  });

  app.route('GET', '/sweeps/:id', 'page', (ctx) => {
    const raw = store.db.prepare(`SELECT ${SWEEP_COLUMNS} FROM sweeps WHERE id = ?`).get(idParam(ctx)) as
      | RawSweep
      | undefined;
    if (!raw) throw new HttpError(404, `no sweep ${ctx.params.id}`);
    const s = sweepRecord(store, raw);
    const running = s.status === 'running';
    const found = store.db
      .prepare(
        `SELECT a.id, a.hostname, a.ip, a.mac, a.kind, a.vendor, a.model, a.verdict, a.entity FROM assets a
         WHERE a.id IN (SELECT asset_id FROM observations WHERE sweep_id = ?)
            OR (a.last_seen >= ? AND a.last_seen <= ? AND EXISTS
                 (SELECT 1 FROM observations o WHERE o.asset_id = a.id AND o.source = 'sweep'))
         ORDER BY CASE a.verdict WHEN 'covered' THEN 0 WHEN 'review' THEN 1 ELSE 2 END, a.id LIMIT ?`,
      )
      .all(s.id, s.startedAt, s.finishedAt ?? '9999', FOUND_SHOWN) as {
      id: number;
      hostname: string | null;
      ip: string | null;
      mac: string | null;
      kind: string;
      vendor: string | null;
      model: string | null;
      verdict: string;
      entity: string | null;
    }[];
    const counters = s.counters ? Object.entries(s.counters) : [];
    sendPage(
      ctx.res,
      200,
      layout(
        {
          title: `Sweep ${s.id}`,
          section: '/sweeps',
          principal: ctx.principal,
          head: running ? html`<meta http-equiv="refresh" content="2">` : undefined,
        },
        html`<dl class="facts">
<dt>targets</dt><dd>${s.targets.join(' ')}</dd>
<dt>status</dt><dd><output id="sweep-status" aria-live="polite">${s.status}</output>${running ? ' (this page refreshes every 2 s)' : ''}</dd>
<dt>started</dt><dd>${when(s.startedAt)} UTC</dd>
${s.finishedAt ? html`<dt>finished</dt><dd>${when(s.finishedAt)} UTC</dd>` : ''}
<dt>assets found new or changed</dt><dd>${s.assetsChanged}</dd>
${counters.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}
</dl>
<h2>What it found</h2>
<p class="muted">Assets it stored new or changed, and those it saw unchanged that nothing has seen since.</p>
${
  found.length
    ? html`<div class="scroll"><table><thead><tr><th scope="col">asset</th><th scope="col">kind</th><th scope="col">vendor / model</th><th scope="col">verdict</th><th scope="col">entity</th></tr></thead>
<tbody>${found.map(
        (
          a,
        ) => html`<tr><td><a href="/assets/${a.id}">${a.hostname ?? a.ip ?? a.mac ?? `asset ${a.id}`}</a></td><td>${a.kind}</td>
<td>${[a.vendor, a.model].filter(Boolean).join(' ')}</td><td>${verdictCell(a.verdict)}</td><td>${a.entity ?? ''}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${running ? 'Nothing stored yet.' : 'Nothing new or changed.'}</p>`
}`,
      ),
    );
  });
}
