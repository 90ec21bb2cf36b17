// Forward-only, numbered schema migrations. The schema version is SQLite's user_version: migration N
// brings the file to version N. Never edit a migration that has shipped; add the next one.
export const migrations: string[] = [
  // 1: the initial schema
  `
  CREATE TABLE assets (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('endpoint','network-device','peripheral','neighbor')),
    ip TEXT, mac TEXT, hostname TEXT, vendor TEXT, model TEXT, serial TEXT, location TEXT,
    attached_to INTEGER REFERENCES assets(id) ON DELETE SET NULL,
    agent_id TEXT,
    verdict TEXT NOT NULL DEFAULT 'clear',
    entity TEXT,
    entity_name TEXT,
    reason TEXT,
    lists TEXT NOT NULL DEFAULT '[]',
    evidence TEXT NOT NULL DEFAULT '[]',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
  );
  CREATE INDEX assets_agent ON assets(agent_id);
  CREATE INDEX assets_attached ON assets(attached_to);

  -- What makes two observations the same asset (see identity.ts for the rules).
  CREATE TABLE identities (
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (type, value)
  ) WITHOUT ROWID;
  CREATE INDEX identities_asset ON identities(asset_id);

  -- What each source saw of an asset (the draft as it arrived, deflated JSON), a bounded history per
  -- (asset, source key); current = 1 marks the latest, which is what the verdict is computed from.
  CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('agent','sweep','import')),
    source_key TEXT NOT NULL,
    agent_id TEXT, report_id TEXT, sweep_id INTEGER,
    at TEXT NOT NULL,
    hash TEXT NOT NULL,
    current INTEGER NOT NULL DEFAULT 1,
    -- 'draft': the AssetDraft as JSON; 'report': the agent's report frame as it arrived (its endpoint)
    format TEXT NOT NULL DEFAULT 'draft' CHECK (format IN ('draft','report')),
    payload BLOB NOT NULL
  );
  CREATE INDEX observations_asset ON observations(asset_id, source_key, id);

  CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    entity TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('covered','review')),
    lists TEXT NOT NULL,
    evidence TEXT NOT NULL,
    reason TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','remediated')),
    status_by TEXT, status_why TEXT, status_at TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    UNIQUE (asset_id, entity)
  );

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    finding_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT, to_status TEXT,
    by TEXT, why TEXT
  );

  CREATE TABLE enroll_secrets (
    id INTEGER PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    label TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    uses INTEGER NOT NULL DEFAULT 0,
    last_used TEXT
  );

  CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    hostname TEXT,
    node_key_hash TEXT NOT NULL,
    enroll_secret_id INTEGER REFERENCES enroll_secrets(id),
    version TEXT,
    enrolled_at TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    last_report TEXT,
    inventory_hash TEXT,
    revoked_at TEXT
  );

  CREATE TABLE sweeps (
    id INTEGER PRIMARY KEY,
    targets TEXT NOT NULL,
    settings TEXT NOT NULL,
    counters TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT
  );

  -- Report ids already stored and acked: a re-sent report is acked again, stored once.
  CREATE TABLE reports (
    report_id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    assets INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 2: an unchanged re-report (the same inventory again, or its digest) rewrites no asset or finding row.
  // The agent row records when its inventory was last stored (inventory_at) and how many assets that
  // stored; assets.last_seen / findings.last_seen are the last time a report that *stored* them arrived.
  // An agent's asset with last_seen >= inventory_at is in its current inventory, so it was seen again at
  // agents.last_report: reports show that (Store.reportRows). An unplugged phone is not in the current
  // inventory and keeps the time it was last reported.
  `
  ALTER TABLE agents ADD COLUMN inventory_at TEXT;
  ALTER TABLE agents ADD COLUMN inventory_assets INTEGER;
  -- Payloads are compressed with a codec (payload-codec.ts); version 1 wrote only deflate.
  ALTER TABLE observations ADD COLUMN codec TEXT NOT NULL DEFAULT 'deflate' CHECK (codec IN ('deflate','brotli'));
  -- Databases of version 1 moved every asset of the agent on an unchanged report: the same reading.
  UPDATE agents SET inventory_at = last_report WHERE inventory_hash IS NOT NULL;
  `,
  // 3: how a sweep ended. 'interrupted' (Ctrl-C, SIGTERM): what it had identified is stored, its counters
  // say how far it got. 'running' is also what a sweep killed outright leaves behind.
  `
  ALTER TABLE sweeps ADD COLUMN status TEXT NOT NULL DEFAULT 'running'
    CHECK (status IN ('running','done','interrupted','failed'));
  -- Version 2 marked a failed sweep only by its counters.
  UPDATE sweeps SET status = CASE WHEN finished_at IS NULL THEN 'running'
    WHEN counters = '{"failed":1}' THEN 'failed' ELSE 'done' END;
  `,
  // 4: what a sweep could not read of a device (JSON array of part names, e.g. ["entity","neighbors:fdb"]);
  // NULL when everything was read or the asset was never swept directly.
  `
  ALTER TABLE assets ADD COLUMN incomplete TEXT;
  `,
  // 5: verdicts are re-judged when the catalog or the policy changes (rejudge.ts). `catalogs` records every
  // catalog the collector judged with (an installed one keeps its files: `coverscan catalog update`);
  // `settings` holds the collector's own settings (the catalog in use, the policy, when assets go stale);
  // each asset records the catalog and policy of its verdict. NULL: judged before this version, so every
  // asset of an older database is re-judged once. The audit log also holds entries about assets (a verdict
  // re-judged, an asset pruned): finding_id becomes optional; rows are copied as they are.
  `
  CREATE TABLE catalogs (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL CHECK (origin IN ('shipped','installed')),
    data BLOB,
    codec TEXT CHECK (codec IN ('deflate','brotli')),
    recorded_at TEXT NOT NULL
  );
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  ALTER TABLE assets ADD COLUMN judged_catalog INTEGER;
  ALTER TABLE assets ADD COLUMN judged_policy TEXT;

  CREATE TABLE audit_log_5 (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    finding_id INTEGER,
    asset_id INTEGER,
    action TEXT NOT NULL,
    from_status TEXT, to_status TEXT,
    by TEXT, why TEXT,
    -- a re-judged verdict: the catalog versions it was judged with before and after
    catalog_from TEXT, catalog_to TEXT,
    -- JSON: what changed (verdict, entity, lists before and after; the policy) or what was removed
    detail TEXT
  );
  INSERT INTO audit_log_5 (id, at, finding_id, asset_id, action, from_status, to_status, by, why)
    SELECT l.id, l.at, l.finding_id, f.asset_id, l.action, l.from_status, l.to_status, l.by, l.why
    FROM audit_log l LEFT JOIN findings f ON f.id = l.finding_id;
  DROP TABLE audit_log;
  ALTER TABLE audit_log_5 RENAME TO audit_log;
  CREATE INDEX audit_log_asset ON audit_log(asset_id, id);
  CREATE INDEX audit_log_at ON audit_log(at);
  `,
  // 6: a revoked agent that tries again is refused, told what to do, and counted here (coverscan agents).
  `
  ALTER TABLE agents ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE agents ADD COLUMN last_refused TEXT;
  `,
  // 7: sites (coverscan site): a name and the CIDR ranges that belong to it. An asset's site is not stored:
  // it is computed when read, from its IP (an agent's assets: the agent's endpoint IP) against these ranges
  // (sites.ts), so adding or removing a site moves no asset row. cidr is canonical (network address/prefix).
  `
  CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE site_ranges (
    cidr TEXT PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX site_ranges_site ON site_ranges(site_id);
  `,
  // 8: the HTTP API's people and scripts (web/). Passwords are scrypt hashes (password-hash.ts); session ids
  // and API tokens are random and stored as SHA-256 digests, so a copy of the file opens no session. The
  // assets list filters and sorts by these columns at 100,000 assets (web/asset-query.ts, BENCHMARKS.md).
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    password_set_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    address TEXT
  ) WITHOUT ROWID;
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE INDEX sessions_expires ON sessions(expires_at);
  CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    last_used TEXT
  );
  CREATE INDEX assets_verdict ON assets(verdict, id);
  CREATE INDEX assets_entity ON assets(entity, id);
  -- An agent's endpoint, whose IP decides the site of the agent's other assets (REPORT_COLUMNS siteIp).
  CREATE INDEX assets_agent_endpoint ON assets(agent_id, kind, last_seen);
  CREATE INDEX assets_last_seen ON assets(last_seen, id);
  CREATE INDEX assets_first_seen ON assets(first_seen, id);
  -- The sort keys of asset-list.ts, expressions and all (an index serves only the same expression).
  CREATE INDEX assets_hostname ON assets(ifnull(hostname, ''), id);
  CREATE INDEX assets_ip ON assets(ifnull(ip, ''), id);
  CREATE INDEX assets_vendor ON assets(ifnull(vendor, ''), id);
  CREATE INDEX assets_verdict_rank ON assets((CASE verdict WHEN 'covered' THEN 0 WHEN 'review' THEN 1 ELSE 2 END), id);
  CREATE INDEX assets_mac ON assets(mac);
  -- Free-text search scans this instead of the table (rows there carry their evidence JSON): 5x less to read.
  CREATE INDEX assets_search ON assets(hostname, ip, mac, vendor, model, entity_name);
  CREATE INDEX findings_asset ON findings(asset_id);
  CREATE INDEX findings_status ON findings(status, id);
  CREATE INDEX observations_sweep ON observations(sweep_id);
  `,
  // 9: credentials profiles and sweep jobs (issue 16). A profile's secrets are one AES-256-GCM sealed JSON
  // value (secret-box.ts; the key is not in this file); summary says what kind it is, never a secret. A job
  // belongs to a site; each time it runs it gets a sweep_runs row (who swept, how it ended) and a sweeps
  // row, whose id the stored observations carry: asset → sweep → run → job → site.
  `
  CREATE TABLE credential_profiles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    summary TEXT NOT NULL,
    sealed TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sweep_jobs (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    targets TEXT NOT NULL,
    excludes TEXT NOT NULL,
    snmp_port INTEGER NOT NULL,
    credentials_id INTEGER REFERENCES credential_profiles(id),
    rate INTEGER NOT NULL,
    schedule TEXT,
    requested_at TEXT,
    run_on TEXT NOT NULL CHECK (run_on IN ('collector','agent')),
    created_at TEXT NOT NULL
  );
  CREATE TABLE sweep_runs (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES sweep_jobs(id) ON DELETE CASCADE,
    sweeper TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running','done','interrupted','failed')),
    sweep_id INTEGER REFERENCES sweeps(id),
    counters TEXT,
    progress TEXT,
    -- A sweeper delivers its results in parts (report frames, each acked); the run is done when all are in.
    parts_total INTEGER,
    parts_received INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX sweep_runs_job ON sweep_runs(job_id, id);
  -- An enrollment secret made for a site (enroll create --site): its agents' assets are that site's, and
  -- with sweeper = 1 its agents run that site's agent sweep jobs.
  ALTER TABLE enroll_secrets ADD COLUMN site_id INTEGER REFERENCES sites(id);
  ALTER TABLE enroll_secrets ADD COLUMN sweeper INTEGER NOT NULL DEFAULT 0;
  `,
  // 10: an asset's effective last-seen (last-seen.ts), stored so the assets list sorts and filters on an index
  // (`sort=lastSeen`, `since=`) instead of computing it through the agents join for every row. seen_at holds
  // it only where it differs from last_seen (an agent's asset seen again by an unchanged re-report), so the
  // common writes leave it alone; the index is on coalesce(seen_at, last_seen). It moves with the agent's
  // last report or current inventory: triggers on agents set it, in the same transaction, on the agent's
  // few assets. A write of an asset's last_seen or agent clears it (store.ts), and every stored report
  // then updates its agent's row. (No trigger on assets: one made 60,000 inserts 5x slower.)
  `
  ALTER TABLE assets ADD COLUMN seen_at TEXT;
  UPDATE assets SET seen_at = (SELECT g.last_report FROM agents g WHERE g.id = assets.agent_id
    AND assets.last_seen >= g.inventory_at AND g.last_report > assets.last_seen)
  WHERE agent_id IS NOT NULL;
  CREATE INDEX assets_seen ON assets(coalesce(seen_at, last_seen), id);
  CREATE TRIGGER agents_seen_update AFTER UPDATE OF last_report, inventory_at ON agents BEGIN
    UPDATE assets SET seen_at = CASE WHEN last_seen >= NEW.inventory_at AND NEW.last_report > last_seen
        THEN NEW.last_report END
      WHERE agent_id = NEW.id AND seen_at IS NOT (CASE WHEN last_seen >= NEW.inventory_at
        AND NEW.last_report > last_seen THEN NEW.last_report END);
  END;
  CREATE TRIGGER agents_seen_delete AFTER DELETE ON agents BEGIN
    UPDATE assets SET seen_at = NULL WHERE agent_id = OLD.id AND seen_at IS NOT NULL;
  END;
  `,
  // 11: sweep run leases (run-leases.ts): a running run is alive until lease_until, renewed by its sweeper's
  // progress and parts or by the collector process running it, which owner names (host:pid).
  `
  ALTER TABLE sweep_runs ADD COLUMN lease_until TEXT;
  ALTER TABLE sweep_runs ADD COLUMN owner TEXT;
  `,
  // 12: the overview's counts (dashboard/overview-data.ts), kept on write so the page costs the same at 100,000
  // assets as at 10: assets by verdict; flagged assets by entity ('covered' / 'review'); open and accepted
  // findings by list id (a finding once per list, though it may cite two entries of one list: DJI by name
  // and as a foreign UAS); assets by the sources that observed them. Triggers keep them, in the writing
  // statement's transaction, whichever path writes (ingest, re-judge, decisions, merges, prune, cascades).
  // Each is an upsert into this small table; the UPDATE triggers fire only when a counted column changes.
  // A count that falls to 0 keeps its row (readers skip it). The first 'source' observation of an asset
  // counts it, the last one removed uncounts it (observations_asset narrows that check to the asset).
  `
  CREATE TABLE overview_counts (
    dim TEXT NOT NULL CHECK (dim IN ('verdict','covered','review','list','source')),
    key TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (dim, key)
  ) WITHOUT ROWID;
  INSERT INTO overview_counts (dim, key, n)
    SELECT 'verdict', verdict, count(*) FROM assets GROUP BY verdict;
  INSERT INTO overview_counts (dim, key, n)
    SELECT verdict, entity, count(*) FROM assets
    WHERE entity IS NOT NULL AND verdict IN ('covered','review') GROUP BY verdict, entity;
  INSERT INTO overview_counts (dim, key, n)
    SELECT 'list', json_extract(l.value, '$.id') list_id, count(DISTINCT f.id) FROM findings f, json_each(f.lists) l
    WHERE f.active = 1 AND f.status != 'remediated' AND list_id IS NOT NULL GROUP BY list_id;
  INSERT INTO overview_counts (dim, key, n)
    SELECT 'source', source, count(DISTINCT asset_id) FROM observations GROUP BY source;
  -- "New covered / review since": a range of this index, not a scan of every finding.
  CREATE INDEX findings_first_seen ON findings(first_seen, active, verdict);

  CREATE TRIGGER overview_assets_insert AFTER INSERT ON assets BEGIN
    INSERT INTO overview_counts (dim, key, n) VALUES ('verdict', NEW.verdict, 1)
      ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;
    INSERT INTO overview_counts (dim, key, n) SELECT NEW.verdict, NEW.entity, 1
      WHERE NEW.entity IS NOT NULL AND NEW.verdict IN ('covered','review')
      ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER overview_assets_delete AFTER DELETE ON assets BEGIN
    UPDATE overview_counts SET n = n - 1 WHERE dim = 'verdict' AND key = OLD.verdict;
    UPDATE overview_counts SET n = n - 1 WHERE dim = OLD.verdict AND key = OLD.entity
      AND OLD.verdict IN ('covered','review');
  END;
  CREATE TRIGGER overview_assets_update AFTER UPDATE OF verdict, entity ON assets
  WHEN OLD.verdict IS NOT NEW.verdict OR OLD.entity IS NOT NEW.entity BEGIN
    UPDATE overview_counts SET n = n - 1 WHERE dim = 'verdict' AND key = OLD.verdict;
    UPDATE overview_counts SET n = n - 1 WHERE dim = OLD.verdict AND key = OLD.entity
      AND OLD.verdict IN ('covered','review');
    INSERT INTO overview_counts (dim, key, n) VALUES ('verdict', NEW.verdict, 1)
      ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;
    INSERT INTO overview_counts (dim, key, n) SELECT NEW.verdict, NEW.entity, 1
      WHERE NEW.entity IS NOT NULL AND NEW.verdict IN ('covered','review')
      ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;
  END;

  CREATE TRIGGER overview_findings_insert AFTER INSERT ON findings
  WHEN NEW.active = 1 AND NEW.status != 'remediated' BEGIN
    INSERT INTO overview_counts (dim, key, n)
      SELECT DISTINCT 'list', json_extract(value, '$.id'), 1 FROM json_each(NEW.lists)
      WHERE json_extract(value, '$.id') IS NOT NULL
      ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER overview_findings_delete AFTER DELETE ON findings
  WHEN OLD.active = 1 AND OLD.status != 'remediated' BEGIN
    UPDATE overview_counts SET n = n - 1
      WHERE dim = 'list' AND key IN (SELECT json_extract(value, '$.id') FROM json_each(OLD.lists));
  END;
  CREATE TRIGGER overview_findings_update AFTER UPDATE OF active, status, lists ON findings
  WHEN OLD.active IS NOT NEW.active OR (OLD.status = 'remediated') IS NOT (NEW.status = 'remediated')
    OR OLD.lists IS NOT NEW.lists BEGIN
    UPDATE overview_counts SET n = n - 1
      WHERE OLD.active = 1 AND OLD.status != 'remediated'
        AND dim = 'list' AND key IN (SELECT json_extract(value, '$.id') FROM json_each(OLD.lists));
    INSERT INTO overview_counts (dim, key, n)
      SELECT DISTINCT 'list', json_extract(value, '$.id'), 1 FROM json_each(NEW.lists)
      WHERE NEW.active = 1 AND NEW.status != 'remediated' AND json_extract(value, '$.id') IS NOT NULL
      ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;
  END;

  CREATE TRIGGER overview_observations_insert AFTER INSERT ON observations
  WHEN NOT EXISTS (SELECT 1 FROM observations WHERE asset_id = NEW.asset_id AND source = NEW.source AND id != NEW.id)
  BEGIN
    INSERT INTO overview_counts (dim, key, n) VALUES ('source', NEW.source, 1)
      ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER overview_observations_delete AFTER DELETE ON observations
  WHEN NOT EXISTS (SELECT 1 FROM observations WHERE asset_id = OLD.asset_id AND source = OLD.source)
  BEGIN
    UPDATE overview_counts SET n = n - 1 WHERE dim = 'source' AND key = OLD.source;
  END;
  CREATE TRIGGER overview_observations_move AFTER UPDATE OF asset_id, source ON observations
  WHEN OLD.asset_id IS NOT NEW.asset_id OR OLD.source IS NOT NEW.source BEGIN
    UPDATE overview_counts SET n = n - 1 WHERE dim = 'source' AND key = OLD.source
      AND NOT EXISTS (SELECT 1 FROM observations WHERE asset_id = OLD.asset_id AND source = OLD.source);
    INSERT INTO overview_counts (dim, key, n) SELECT 'source', NEW.source, 1
      WHERE NOT EXISTS (SELECT 1 FROM observations WHERE asset_id = NEW.asset_id AND source = NEW.source AND id != NEW.id)
      ON CONFLICT (dim, key) DO UPDATE SET n = n + 1;
  END;
  `,
  // 13: the effective last-seen is computed again (last-seen.ts), not stored: migration 10's trigger rewrote
  // every asset row of an agent at each of its reports, unchanged ones included (~0.15 ms a report, the held
  // steady state fell from ~3,500 to ~2,000 reports/s). The assets list walks agents by their last report
  // instead (asset-list.ts), hence the index.
  `
  DROP TRIGGER agents_seen_update;
  DROP TRIGGER agents_seen_delete;
  DROP INDEX assets_seen;
  ALTER TABLE assets DROP COLUMN seen_at;
  CREATE INDEX agents_last_report ON agents(last_report);
  `,
];

export const SCHEMA_VERSION = migrations.length;
