// A package-installed agent is configured by /etc/coverscan/agent.conf: settings are checked before
// anything is collected, and the enrollment secret is read once, then gone. Real `coverscan serve`
// and `coverscan-agent` processes, a real SQLite file.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCli, run, serve, setup, stop } from './agent-harness';

const writeConf = (path: string, text: string) => writeFileSync(path, text, { mode: 0o640 });
const spooled = (state: string) =>
  existsSync(join(state, 'spool'))
    ? readdirSync(join(state, 'spool')).filter((f) => f.endsWith('.json'))
    : [];

describe('agent.conf', () => {
  it('enrolls from the config file; the secret leaves the file and the machine once enrolled', async () => {
    const { dir, db, secret, state } = setup();
    const c = await serve(db);
    try {
      const conf = join(dir, 'agent.conf');
      writeConf(
        conf,
        `# written by the fleet tool\ncollector = ${c.url}\nenroll_secret = ${secret}\nstate_dir = ${state}\n`,
      );
      const r = run(agentCli, ['once', '--config', conf]);
      expect(r.stderr).toContain('enrolled as agent');
      expect(r.code).toBe(0);
      const after = readFileSync(conf, 'utf8');
      expect(after).not.toContain(secret);
      expect(after).toContain(`collector = ${c.url}`);
      expect(statSync(conf).mode & 0o777).toBe(0o640);
      expect(existsSync(join(state, 'agent.json'))).toBe(true);
      expect(existsSync(join(state, 'enroll-secret'))).toBe(false);
      // The next run needs no secret at all.
      expect(run(agentCli, ['once', '--config', conf]).code).toBe(0);
    } finally {
      await stop(c.proc);
    }
  });

  it('keeps a secret read from the file when the collector is down, and enrolls with it later', async () => {
    const { dir, db, secret, state } = setup();
    const conf = join(dir, 'agent.conf');
    writeConf(conf, `collector = ws://127.0.0.1:9\nenroll_secret = ${secret}\nstate_dir = ${state}\n`);
    expect(run(agentCli, ['once', '--config', conf]).code).toBe(1); // nothing listens there
    expect(readFileSync(conf, 'utf8')).not.toContain(secret);
    const kept = join(state, 'enroll-secret');
    expect(readFileSync(kept, 'utf8').trim()).toBe(secret);
    expect(statSync(kept).mode & 0o777).toBe(0o600);
    const c = await serve(db);
    try {
      const r = run(agentCli, ['once', '--config', conf, '--collector', c.url]);
      expect(r.code).toBe(0);
      expect(run(agentCli, ['once', '--config', conf, '--collector', c.url]).code).toBe(0);
      expect(existsSync(kept)).toBe(false);
    } finally {
      await stop(c.proc);
    }
  });

  it('says what is wrong in one line, before collecting or spooling anything', () => {
    const { dir, state } = setup();
    mkdirSync(state, { recursive: true });
    const cases: [string, RegExp][] = [
      [
        `collector = http://127.0.0.1:1\nstate_dir = ${state}\n`,
        /--collector must be a ws:\/\/ or wss:\/\/ URL/,
      ],
      [`state_dir = ${state}\n`, /no collector URL \(--collector or "collector =" in .*agent\.conf\)/],
      [
        `collector = wss://127.0.0.1:1\nca = ${join(dir, 'missing.pem')}\nstate_dir = ${state}\n`,
        /CA file .*missing\.pem cannot be read: ENOENT/,
      ],
      [`collector = ws://127.0.0.1:1\nstate_dir = ${state}\n`, /not enrolled yet and no enrollment secret/],
      [`collector = ws://127.0.0.1:1\nsecret = x\n`, /agent\.conf:2: unknown key "secret"/],
    ];
    for (const [text, why] of cases) {
      const conf = join(dir, 'agent.conf');
      writeConf(conf, text);
      const r = run(agentCli, ['once', '--config', conf]);
      expect(r.code, text).toBe(78);
      expect(r.stderr, text).toMatch(why);
      expect(r.stderr.trim().split('\n'), text).toHaveLength(1);
      expect(spooled(state), text).toEqual([]);
    }
    const notPem = join(dir, 'ca.pem');
    writeFileSync(notPem, 'not a certificate');
    writeConf(
      join(dir, 'agent.conf'),
      `collector = wss://127.0.0.1:1\nca = ${notPem}\nstate_dir = ${state}\n`,
    );
    expect(run(agentCli, ['once', '--config', join(dir, 'agent.conf')]).stderr).toMatch(
      /holds no PEM certificate/,
    );
  });
});
