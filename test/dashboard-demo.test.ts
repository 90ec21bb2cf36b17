// The dashboard as its users meet it: `pnpm demo` (the built CLI, `coverscan demo --serve`) comes up with
// the simulated office swept and this machine's agent reported, prints a URL and a one-time login that
// work; a real headless Chromium logs in, filters to covered, opens an asset and sees its evidence and
// switch port, accepts a finding with a justification, starts a sweep of the simulated office and watches
// it finish, opens the evidence pack; a state change without the CSRF token is refused. SIGINT then
// leaves no listener behind: neither the collector's TCP port nor the simulated devices' UDP port.
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page, startBrowser, type TestBrowser } from './browser';
import { cli } from './collector-process';

/** The simulated devices' UDP port: fixed and high, apart from the other tests' (only loopback is swept). */
const SNMP_PORT = 16877;
const RANGE = '127.66.0.1-127.66.0.8';

let demo: ChildProcess;
let out = '';
let err = '';
let url = '';
let password = '';
let browser: TestBrowser;

beforeAll(async () => {
  demo = spawn(
    process.execPath,
    [cli, 'demo', '--serve', '--port', String(SNMP_PORT), '--listen', '127.0.0.1:0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  demo.stderr!.on('data', (d) => {
    err += d;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not come up:\n${out}\n${err}`)), 100_000);
    demo.on('exit', (code) => reject(new Error(`demo exited ${code}:\n${out}\n${err}`)));
    demo.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Ctrl-C stops everything')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1] ?? '';
  password = /password (\S+)/.exec(out)?.[1] ?? '';
  browser = await startBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
});

async function logIn(page: Page, next = '/'): Promise<void> {
  await page.goto(`${url}${next}`);
  // Not logged in: every page sends the browser to the login form.
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('#password', password);
  await page.click('button:has-text("Log in")');
  await page.waitForLoadState();
  expect(new URL(page.url()).pathname).toBe(next);
}

const cells = (page: Page, column: number) =>
  page.$$eval(`main table tbody tr td:nth-child(${column})`, (tds) =>
    tds.map((td) => td.textContent?.trim() ?? ''),
  );

describe('pnpm demo and the dashboard', () => {
  it('prints a dashboard URL and a one-time login that work, and nothing without the login', async () => {
    expect(url, out).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(password.length).toBeGreaterThanOrEqual(16);
    const anon = await fetch(`${url}/assets`, { redirect: 'manual' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/login?next=%2Fassets');
    expect((await fetch(`${url}/api/assets`)).status).toBe(401);
    await browser.open(`${url}/`, async (page) => {
      await logIn(page);
      expect(await page.textContent('h1')).toBe('Overview');
      // The agent's report and the sweep are both in: the overview counts both sources.
      const sources = await page.textContent('main');
      expect(sources).toMatch(/agent/);
      expect(sources).toMatch(/sweep/);
    });
  });

  it('filters to covered: a covered device of each entity the catalog flags most, the H3C switch left out', async () => {
    await browser.open(`${url}/`, async (page) => {
      await logIn(page, '/assets');
      await page.selectOption('#f-verdict', 'covered');
      await page.click('button:has-text("Filter")');
      await page.waitForLoadState();
      expect(new URL(page.url()).searchParams.get('verdict')).toBe('covered');
      const verdicts = await cells(page, 6);
      expect(verdicts.length).toBeGreaterThan(0);
      expect(new Set(verdicts)).toEqual(new Set(['covered']));
      const entities = new Set((await cells(page, 7)).map((e) => e.toLowerCase()));
      for (const e of ['huawei', 'zte', 'hikvision', 'dahua', 'hytera'])
        expect(
          [...entities].some((x) => x.includes(e)),
          `${e} in ${[...entities]}`,
        ).toBe(true);
      const names = await cells(page, 1);
      expect(names).toContain('phone-reception');
      expect(names).not.toContain('dist-sw-01');
      // The export carries the same filter.
      const csvHref = await page.getAttribute('a:has-text("CSV")', 'href');
      expect(csvHref).toContain('verdict=covered');
    });
  });

  it('opens the Huawei phone: its evidence and the switch port it was seen on; accepts its finding with a justification', async () => {
    await browser.open(`${url}/`, async (page) => {
      await logIn(page, '/assets');
      await page.goto(`${url}/assets?verdict=covered&q=phone-reception`);
      await page.click('a:has-text("phone-reception")');
      await page.waitForLoadState();
      const main = (await page.textContent('main')) ?? '';
      expect(main).toContain('Huawei eSpace 7910 IP Phone');
      expect(main).toMatch(/lldp/i);
      const sighting = (await page.textContent('table:has(caption:has-text("Sightings"))')) ?? '';
      expect(sighting).toContain('access-sw-02');
      expect(sighting).toMatch(/Gi(gabitEthernet)?1\/0\/16/);
      const why = 'Lobby phone on an isolated voice VLAN, replacement ordered (ticket 4711)';
      await page.fill('textarea[name="why"]', why);
      await page.click('button:has-text("Accept")');
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toMatch(/^\/assets\/\d+$/);
      const history = (await page.textContent('table:has(caption:has-text("History of finding"))')) ?? '';
      expect(history).toContain(why);
      expect(history).toContain('admin');
      expect(history).toMatch(/accepted/);
      await page.goto(`${url}/findings?status=accepted`);
      expect(await page.textContent('main table')).toContain('phone-reception');
    });
  });

  it('refuses a decision posted without the CSRF token, and the finding stays open', async () => {
    await browser.open(`${url}/`, async (page) => {
      await logIn(page, '/findings');
      const row = page.locator('main table tbody tr').first();
      const id = (await row.getAttribute('id'))?.replace('finding-', '') ?? '';
      expect(id).toMatch(/^\d+$/);
      // The browser's own session cookie and this collector's origin: everything but the token. (A page's
      // script could not even send it: the dashboard's Content-Security-Policy allows no fetch.)
      const forged = await page.request.post(`${url}/findings/${id}/decide`, {
        headers: { origin: url },
        form: { action: 'accept', why: 'forged' },
        maxRedirects: 0,
      });
      const status = forged.status();
      expect(await forged.text()).toContain('CSRF');
      expect(status).toBe(403);
      await page.goto(`${url}/findings?status=open`);
      expect(await page.locator(`#finding-${id}`).count()).toBe(1);
    });
  });

  it('starts a sweep of the simulated office from the browser and watches it finish', async () => {
    await browser.open(`${url}/`, async (page) => {
      await logIn(page, '/sweeps');
      await page.fill('#targets', RANGE);
      await page.fill('#port', String(SNMP_PORT));
      // The demo stored the simulated office's community as a credentials profile (issue 16).
      await page.selectOption('#profile', 'simulated-office');
      await page.click('button:has-text("Start sweep")');
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toMatch(/^\/sweeps\/\d+$/);
      // The page refreshes itself while the sweep runs: no reload from here.
      const deadline = Date.now() + 60_000;
      let status = '';
      while (Date.now() < deadline) {
        status =
          (await page
            .locator('#sweep-status')
            .textContent()
            .catch(() => '')) ?? '';
        if (status && status !== 'running') break;
        await page.waitForTimeout(300);
      }
      expect(status).toBe('done');
      const found = (await page.textContent('main')) ?? '';
      for (const name of ['olt-basement', 'nvr-security', 'radio-repeater-roof', 'branch-rtr-01'])
        expect(found).toContain(name);
      // A community typed for one sweep is used and never shown back.
      await page.goto(`${url}/sweeps`);
      await page.fill('#targets', '127.66.0.2');
      await page.fill('#port', String(SNMP_PORT));
      await page.fill('#community', 'public');
      await page.click('button:has-text("Start sweep")');
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toMatch(/^\/sweeps\/\d+$/);
      await page.goto(`${url}/sweeps`);
      expect(await page.inputValue('#community')).toBe('');
    });
  });

  it('opens the evidence pack with a print button and the accepted exception in it', async () => {
    await browser.open(`${url}/`, async (page) => {
      await logIn(page, '/pack');
      expect(await page.textContent('h1')).toBe('Attestation evidence pack');
      expect(await page.isVisible('button:has-text("Print")')).toBe(true);
      expect(await page.textContent('main')).toContain('ticket 4711');
      await page.emulateMedia({ media: 'print' });
      expect(await page.isVisible('button:has-text("Print")')).toBe(false);
    });
    expect(browser.dialogs).toEqual([]);
  });

  it('stops everything on SIGINT: no listener left, the temporary database removed', async () => {
    const port = Number(new URL(url).port);
    const dir = /--db (\S+)\/coverscan-demo\.db/.exec(err)?.[1] ?? '';
    expect(existsSync(dir), err).toBe(true);
    const exited = new Promise<number | null>((r) => demo.once('exit', (code) => r(code)));
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    // Binding the simulated devices' addresses succeeds only if nothing holds them any more.
    for (let i = 1; i <= 8; i++) {
      const sock = createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        sock.once('error', reject);
        sock.bind(SNMP_PORT, `127.66.0.${i}`, () => resolve());
      });
      sock.close();
    }
    expect(existsSync(dir)).toBe(false);
  });
});
