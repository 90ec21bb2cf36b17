// The attestation evidence pack (issue 13) as a compliance officer makes one: a real SQLite file filled
// through the real paths — an SNMP sweep of snmpsim devices on loopback (one range where nothing answers,
// a device that goes silent after discovery), an agent's report over WebSocket with a Huawei phone on USB,
// a finding accepted with a justification through the CLI — then `coverscan pack` writes HTML and PDF, and
// the page is read back in real headless Chromium: every flagged item with its evidence and citations,
// the exception with who and why, what was not looked at, site scoping, and device strings kept as text.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../packages/shared/src/evidence';
import type { ListRef } from '../packages/shared/src/verdict';
import { scripted } from '../packages/sweep/test/scripted-agent';
import { rawAgent, type Sim, startSnmpsim } from '../packages/sweep/test/sweep-sim';
import { reportPhoneFrom } from './agent-harness';
import { startBrowser, type TestBrowser } from './browser';
import { coverscan, coverscanAsync, serve, stop } from './collector-process';

const port = 17683;
const JUSTIFICATION =
  'Isolated lab VLAN 99, no route to CUI systems; waiver W-2026-14 <until 2027-06-30> & "reviewed"';
let sim: Sim;
let dir: string;
let db: string;
let browser: TestBrowser;

interface Row {
  id: number;
  ip: string | null;
  hostname: string | null;
  kind: string;
  verdict: string;
  entity: string | null;
  findingId: number | null;
  site: string | null;
  evidence: Evidence[];
  lists: ListRef[];
}
const report = (...args: string[]) => {
  const r = coverscan(['report', '--db', db, '--format', 'json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Row[];
};
const pack = (out: string, ...args: string[]) => {
  const r = coverscan(['pack', '--db', db, '--out', join(dir, out), ...args], { COVERSCAN_DB: '' });
  expect(r.code, r.stderr).toBe(0);
  return join(dir, out);
};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coverscan-pack-'));
  db = join(dir, 'inquiry.db');
  browser = await startBrowser();
  sim = await startSnmpsim(
    [
      { address: '127.88.67.1', file: 'huawei-switch.snmprec' },
      { address: '127.88.67.2', file: 'hostile-camera.snmprec' },
      { address: '127.88.67.3', file: 'cisco-switch.snmprec' },
    ],
    port,
  );
  expect(coverscan(['site', 'add', 'core', '127.88.67.0/29', '--db', db]).code).toBe(0);
  expect(coverscan(['site', 'add', 'branch', '127.77.41.0/24', '--db', db]).code).toBe(0);
  // A Huawei data-center switch that answers discovery, then nothing: stored, marked incomplete.
  const silent = await rawAgent(
    '127.88.67.4',
    port,
    scripted(
      {
        descr: 'Huawei Versatile Routing Platform Software',
        oid: '1.3.6.1.4.1.2011.2.239.12',
        name: 'dc-leaf',
      },
      () => null,
    ),
  );
  try {
    // The second range has no device: unreachable.
    // Asynchronously: spawnSync would block the event loop that runs the silent agent.
    const sweep = await coverscanAsync([
      'sweep',
      '127.88.67.1-127.88.67.6',
      '127.88.69.0/30',
      '--snmp-port',
      String(port),
      '--timeout',
      '300',
      '--device-time',
      '2000',
      '--db',
      db,
    ]);
    expect(sweep.code, sweep.stderr).toBe(0);
  } finally {
    silent.close();
  }

  const secret = coverscan(['enroll', 'create', '--db', db]).stdout.trim();
  const c = await serve(db);
  try {
    // This machine's inventory, at a branch address, with a Huawei phone on USB.
    reportPhoneFrom(c.url, join(dir, 'agent-state'), secret, 'report-pack-0001', '127.77.41.10');
  } finally {
    await stop(c);
  }

  const cam = report().find((r) => r.ip === '127.88.67.2');
  const accept = coverscan([
    'findings',
    'accept',
    String(cam?.findingId),
    '--why',
    JUSTIFICATION,
    '--by',
    'dana.compliance',
    '--db',
    db,
  ]);
  expect(accept.code, accept.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('coverscan pack', () => {
  it('names every covered and review item with its evidence, list citations and status', async () => {
    const rows = report('--only', 'flagged');
    // The inquiry found what the fixtures hold: Huawei switches, the camera, the phone, neighbors.
    expect(rows.filter((r) => r.verdict === 'covered').map((r) => r.entity)).toEqual(
      expect.arrayContaining(['huawei', 'hikvision']),
    );
    const file = pack('pack.html');
    await browser.open(file, async (page) => {
      for (const r of rows) {
        const item = page.locator(`article#asset-${r.id}`);
        expect(await item.count(), `asset ${r.id} ${r.hostname ?? r.ip}`).toBe(1);
        const text = (await item.textContent()) ?? '';
        expect(text).toContain(r.verdict);
        // Each piece of evidence for the verdict's entity: what matched, and where the rule comes from.
        for (const e of r.evidence.filter((e) => e.entity === r.entity)) {
          expect(text).toContain(e.value);
          expect(await item.locator(`a[href="${e.ruleSource}"]`).count()).toBeGreaterThan(0);
        }
        // Each list with its citation and the date the entity was added.
        for (const l of r.lists) {
          expect(text).toContain(l.name);
          expect(text).toContain(l.added);
          expect(await item.locator(`a[href="${l.source}"]`).count()).toBeGreaterThan(0);
        }
        expect(text).toContain(r.findingId === null ? 'open' : `finding #${r.findingId}`);
      }
      // The Huawei switch is covered by its sysObjectID under enterprise 2011, as recorded on the device.
      const sw = rows.find((r) => r.ip === '127.88.67.1');
      const swText = (await page.locator(`article#asset-${sw?.id}`).textContent()) ?? '';
      expect(swText).toContain('1.3.6.1.4.1.2011.2.23.289');
      expect(
        await page
          .locator(`article#asset-${sw?.id} a[href="https://www.fcc.gov/supplychain/coveredlist"]`)
          .count(),
      ).toBe(1);
      // Every citation an item links to is printed in full once, for the paper copy.
      const citations = (await page.locator('#catalog').textContent()) ?? '';
      for (const r of rows) {
        for (const l of r.lists) expect(citations).toContain(l.source);
        for (const e of r.evidence) expect(citations).toContain(e.ruleSource);
      }
      // The catalog version applied and each list with its citation and date.
      const catalog = (await page.locator('#catalog').textContent()) ?? '';
      const lists = JSON.parse(readFileSync('packages/shared/catalog/lists.json', 'utf8')) as {
        version: string;
        lists: { name: string; source: string; updated: string }[];
      };
      expect(catalog).toContain(lists.version);
      for (const l of lists.lists) {
        expect(catalog).toContain(l.name);
        expect(catalog).toContain(l.updated);
      }
    });
  }, 90_000);

  it('shows the accepted exception with its justification, who accepted it and when', async () => {
    const cam = report().find((r) => r.ip === '127.88.67.2');
    await browser.open(pack('exceptions.html'), async (page) => {
      const rowsText = await page.locator('#exceptions tbody tr').allTextContents();
      expect(rowsText).toHaveLength(1);
      expect(rowsText[0]).toContain(`#${cam?.findingId}`);
      expect(rowsText[0]).toContain(JUSTIFICATION);
      expect(rowsText[0]).toContain('dana.compliance');
      expect(rowsText[0]).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      const item = (await page.locator(`article#asset-${cam?.id}`).textContent()) ?? '';
      expect(item).toContain('accepted');
      expect(item).toContain(JUSTIFICATION);
    });
  }, 90_000);

  it('lists what was not looked at: the unreachable range and the device that went silent', async () => {
    await browser.open(pack('gaps.html'), async (page) => {
      const gaps = page.locator('#not-looked-at');
      const unreachable = await gaps
        .locator('table', { hasText: 'Unreachable' })
        .locator('tbody tr')
        .allTextContents();
      // Only the empty range: the first one had devices that answered.
      expect(unreachable).toHaveLength(1);
      expect(unreachable[0]).toContain('127.88.69.0/30');
      // A /30's two host addresses: a sweep leaves out the network and broadcast addresses.
      expect(
        await gaps.locator('table', { hasText: 'Unreachable' }).locator('tbody tr td').nth(1).textContent(),
      ).toBe('2');
      const incomplete = await gaps
        .locator('table', { hasText: 'Incomplete' })
        .locator('tbody tr')
        .allTextContents();
      expect(incomplete).toHaveLength(1);
      expect(incomplete[0]).toContain('dc-leaf');
      expect(incomplete[0]).toContain('entity');
      // The sweep and the agent are the sources.
      const sources = (await page.locator('#sources').textContent()) ?? '';
      expect(sources).toContain('127.88.67.1-127.88.67.6');
      expect(sources).toContain('reporting');
    });
  }, 90_000);

  it('--site scopes items, sources and gaps to the site', async () => {
    const all = report('--only', 'flagged');
    for (const site of ['core', 'branch']) {
      const want = all.filter((r) => r.site === site).map((r) => `asset-${r.id}`);
      expect(want.length, site).toBeGreaterThan(0);
      await browser.open(pack(`${site}.html`, '--site', site), async (page) => {
        const ids = await page.locator('article.item').evaluateAll((els) => els.map((e) => e.id));
        expect(ids.sort()).toEqual(want.sort());
        expect(await page.locator('#scope').textContent()).toContain(site);
        const sources = (await page.locator('#sources').textContent()) ?? '';
        const gaps = (await page.locator('#not-looked-at').textContent()) ?? '';
        // The range outside every site is no site's gap.
        expect(gaps).not.toContain('127.88.69.0/30');
        if (site === 'core') {
          expect(sources).toContain('127.88.67.1-127.88.67.6');
          expect(sources).toContain('No agent in scope');
          expect(gaps).toContain('dc-leaf');
        } else {
          expect(sources).toContain('No sweep in scope');
          expect(sources).toContain('reporting');
          expect(gaps).not.toContain('dc-leaf');
        }
      });
    }
    const unknown = coverscan(['pack', '--db', db, '--out', join(dir, 'x.html'), '--site', 'nowhere']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no site named nowhere; sites: branch, core/);
  }, 90_000);

  it('--list keeps the items under that list', async () => {
    const all = report('--only', 'flagged');
    for (const list of ['ndaa-889', 'far-4-2001-kaspersky']) {
      const want = all.filter((r) => r.lists.some((l) => l.id === list)).map((r) => `asset-${r.id}`);
      await browser.open(pack(`${list}.html`, '--list', list), async (page) => {
        const ids = await page.locator('article.item').evaluateAll((els) => els.map((e) => e.id));
        expect(ids.sort()).toEqual(want.sort());
        if (!want.length)
          expect(await page.locator('#items').textContent()).toContain('No covered or review item');
      });
    }
    const bad = coverscan(['pack', '--db', db, '--out', join(dir, 'x.html'), '--list', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no list with id nope.*fcc-covered/);
  }, 90_000);

  it('keeps markup from devices as text: no script runs, no element is injected', async () => {
    const file = pack('hostile.html');
    const source = readFileSync(file, 'utf8');
    expect(source).not.toMatch(/<script|<img|<\/dd><b>/i);
    await browser.open(file, async (page) => {
      expect(await page.locator('script, img, b').count()).toBe(0);
      const cam = report().find((r) => r.ip === '127.88.67.2');
      const text = (await page.locator(`article#asset-${cam?.id}`).textContent()) ?? '';
      // Shown as the device sent it.
      expect(text).toContain('cam-<img src=x onerror=alert(1)>');
      expect(text).toContain('<script>alert("pack")</script>');
    });
    expect(browser.dialogs).toEqual([]);
  }, 90_000);

  it('prints a PDF in headless Chromium', () => {
    const file = pack('pack.pdf');
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const body = pdf.toString('latin1');
    const pages = body.match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
    // A pack with a dozen items and six sections is several pages.
    expect(pages.length).toBeGreaterThan(2);
    expect(body.trimEnd().endsWith('%%EOF')).toBe(true);
  }, 90_000);

  it('prints a pack in parts as one PDF: every item once and in order, pages numbered 1 to N across the parts', async () => {
    let order: string[] = [];
    await browser.open(pack('order.html'), async (page) => {
      order = await page.locator('article.item').evaluateAll((els) => els.map((e) => e.id.slice(6)));
    });
    expect(order.length).toBeGreaterThan(3);
    // The same pack as one part and as three (the part count a big pack gets on a machine with three cores).
    const printed = (parts: number) => {
      const file = join(dir, `parts-${parts}.pdf`);
      const r = coverscan(['pack', '--db', db, '--out', file], { COVERSCAN_PACK_PARTS: String(parts) });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`printed in ${parts} part`);
      // pdftotext (poppler-utils) reads the text back as a reader's PDF viewer would; a form feed ends each page.
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      // Its links to web addresses, by page: "page  Annotation  url" lines under a header.
      const links = execFileSync('pdfinfo', ['-url', file], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/))
        .map(([page, , url]) => ({ page: Number(page), url }));
      return { text, pages: text.split('\f').slice(0, -1), links };
    };
    const one = printed(1);
    const three = printed(3);
    for (const { text, pages } of [one, three]) {
      // Each item once, in the page's order: its facts line starts with "asset #ID,".
      expect([...text.matchAll(/\basset #(\d+), /g)].map((m) => m[1])).toEqual(order);
      // Numbered across the whole document, each page once: no part restarts at 1 or counts its own pages.
      pages.forEach((page, i) => {
        expect(page.match(/page \d+ of \d+/g), `page ${i + 1}`).toEqual([`page ${i + 1} of ${pages.length}`]);
      });
      // Every section, in order: its heading a line of its own.
      const at = [
        'Scope of the inquiry',
        'Catalog and lists applied',
        'Sources',
        'Covered and review items',
        'Accepted exceptions',
        'What was not looked at',
      ].map((h) => text.search(new RegExp(`^\\f?${h}$`, 'm')));
      expect(at.every((x) => x >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      // The exception's justification, as the user wrote it (lines joined where the page wrapped it).
      expect(text.replace(/\s+/g, ' ')).toContain(JUSTIFICATION);
    }
    // The join keeps the citations' links: every page showing an item has its links, to the same addresses.
    const urls = ({ links }: typeof one) => [...new Set(links.map((l) => l.url))].sort();
    expect(urls(three)).toEqual(urls(one));
    three.pages.forEach((page, i) => {
      if (/\basset #\d+, /.test(page))
        expect(three.links.filter((l) => l.page === i + 1).length, `page ${i + 1}`).toBeGreaterThan(0);
    });
  }, 120_000);

  it('refuses another extension, and says in one line when there is no Chromium', () => {
    const txt = coverscan(['pack', '--db', db, '--out', join(dir, 'pack.txt')]);
    expect(txt.code).toBe(2);
    expect(txt.stderr).toMatch(/--out must end in \.pdf or \.html/);
    const none = coverscan(['pack', '--db', db, '--out', join(dir, 'none.pdf')], {
      CHROMIUM_PATH: join(dir, 'no-such-chromium'),
    });
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/CHROMIUM_PATH is .*no-such-chromium, which does not exist/);
  }, 90_000);
});
