// Product classes the FCC Covered List names by category (foreign-produced consumer routers and UAS):
// what a compliance officer expects from `check` and from observations a sweep or an agent makes.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog';
import { check } from '../src/check';
import type { Observation } from '../src/evidence';
import { identify } from '../src/identify';
import { type Policy, policy } from '../src/policy';
import { assetVendor } from '../src/vendor-name';
import { judge } from '../src/verdict';

const cat = loadCatalog();
/** The list entry a category finding must cite, from lists.json itself. */
const categoryDef = (id: string) =>
  cat.lists.find((l) => l.id === 'fcc-covered')!.categories!.find((c) => c.id === id)!;
const verdictOf = (observations: Observation[], opts: { today?: string; policy?: Policy } = {}) =>
  judge(identify(observations), { today: '2026-11-30', ...opts });
const text = (value: string, textClass: Observation['textClass'], field = 'sysDescr'): Observation => ({
  kind: 'text',
  source: 'snmp',
  field,
  value,
  textClass,
});

describe('consumer-grade routers (FCC Covered List, 2026-03-23)', () => {
  it('a TP-Link Archer is review under the router category, with the list citation', () => {
    const r = check('TP-Link Archer AX21');
    expect([r.verdict, r.entity]).toEqual(['review', 'foreign-consumer-routers']);
    const def = categoryDef('foreign-consumer-routers');
    const ref = r.lists.find((l) => l.category === 'foreign-consumer-routers');
    expect(ref).toMatchObject({ id: 'fcc-covered', added: def.added, scope: def.scope, source: def.source });
    expect(r.reason).toMatch(/foreign-consumer-routers/);
    expect(r.reason).toMatch(/not observable/);
    const ev = r.evidence.find((e) => e.category === 'foreign-consumer-routers');
    expect(ev?.ruleSource).toMatch(/^https:\/\//);
    expect(ev?.strength).not.toBe('strong');
  });

  it('a NETGEAR Nighthawk is review; the conditional approval for new models is shown, not applied', () => {
    const r = check('Netgear Nighthawk RAX50');
    expect([r.verdict, r.entity]).toEqual(['review', 'foreign-consumer-routers']);
    expect(r.reason).toMatch(/Conditional Approval/);
    expect(r.reason).toMatch(/new models only/);
  });

  it.each([
    'ASUS RT-AX86U Pro',
    'ASUS ZenWiFi XT8',
    'Linksys EA7500',
    'D-Link DIR-842',
    'Tenda AC10U',
    'Xiaomi Mi Router 4A',
    'eero Pro 6E',
    'Orbi RBK752',
    'TP-Link Deco X20',
    'TL-WR841N',
  ])('%s → review under the router category', (input) => {
    const r = check(input);
    expect([r.verdict, r.entity]).toEqual(['review', 'foreign-consumer-routers']);
  });

  it.each([
    ['Cisco Catalyst 9300', 'enterprise switch'],
    ['Cisco ISR 4331', 'enterprise router'],
    ['TP-Link Archer T4U', 'USB Wi-Fi adapter'],
    ['TP-Link Archer TX50E', 'PCIe Wi-Fi adapter'],
    ['TP-Link Omada ER605', 'business router line'],
    ['NETGEAR Nighthawk A7000', 'USB Wi-Fi adapter'],
    ['NETGEAR Nighthawk CM1200', 'cable modem without routing'],
    ['NETGEAR GS108', 'business switch'],
    ['Fletcher Archer', 'a name, not a model'],
  ])('%s → clear (%s)', (input) => {
    expect(check(input).verdict).toBe('clear');
  });

  it('a router model in sysDescr or ENTITY-MIB counts; the same words in sysLocation do not', () => {
    const model = verdictOf([text('RT-AX88U', 'model', 'entPhysicalModelName')]);
    expect([model.verdict, model.entity]).toEqual(['review', 'foreign-consumer-routers']);
    const descr = verdictOf([text('Linux RT-AC68U 2.6.36.4brcmarm #1 SMP PREEMPT armv7l', 'description')]);
    expect(descr.verdict).toBe('review');
    const location = verdictOf([text('closet next to the Nighthawk RAX50', 'freetext', 'sysLocation')]);
    expect(location.verdict).toBe('clear');
  });

  it('the category names no maker: the vendor column comes from maker evidence or the fallback', () => {
    const bare = [text('Linux RT-AX88U 4.1.27 #2 SMP PREEMPT aarch64', 'description')];
    const v = verdictOf(bare);
    expect(v.verdict).toBe('review');
    expect(assetVendor(v, bare, 'from the source')).toBe('from the source');
    const named = [
      text('NETGEAR', 'vendor', 'entPhysicalMfgName'),
      text('Nighthawk RAX50', 'model', 'entPhysicalModelName'),
    ];
    const w = verdictOf(named);
    expect(w.verdict).toBe('review');
    expect(assetVendor(w, named, null)).toMatch(/netgear/i);
  });

  it('a policy that leaves out the FCC Covered List leaves the category out too', () => {
    const pol = policy(cat, 'default');
    const without: Policy = { ...pol, lists: { ...pol.lists } };
    delete without.lists['fcc-covered'];
    expect(verdictOf([text('Archer AX55', 'model')], { policy: without }).verdict).toBe('clear');
    expect(verdictOf([text('Archer AX55', 'model')], { policy: pol }).verdict).toBe('review');
  });
});

describe('unmanned aircraft (FCC Covered List, 2025-12-22)', () => {
  it('a Skydio X10 is clear, and the reason names the exemption and its source', () => {
    const r = check('Skydio X10');
    expect(r.verdict).toBe('clear');
    expect(r.reason).toMatch(/produced in the United States/);
    expect(r.reason).toMatch(/foreign-uas/);
    expect(r.reason).toMatch(/https:\/\//);
  });

  it('a covered maker stays covered: the category adds its citation, never lowers the verdict', () => {
    for (const input of ['DJI Mavic 3 Pro', 'DJI Fly', 'Autel EVO II Pro', 'DJI RC-N1']) {
      const r = check(input);
      expect([input, r.verdict, r.entity]).toEqual([input, 'covered', r.entity]);
      expect(['dji', 'autel']).toContain(r.entity);
      expect(r.lists.some((l) => l.category === 'foreign-uas')).toBe(true);
      expect(r.lists.some((l) => l.entity === r.entity && !l.category)).toBe(true);
    }
  });

  it('a foreign drone of an unlisted maker is review; the Blue UAS model of the same line is clear', () => {
    const ai = check('Parrot ANAFI Ai');
    expect([ai.verdict, ai.entity]).toEqual(['review', 'foreign-uas']);
    expect(ai.lists.find((l) => l.category === 'foreign-uas')?.added).toBe(categoryDef('foreign-uas').added);
    const usa = check('Parrot ANAFI USA');
    expect(usa.verdict).toBe('clear');
    expect(usa.reason).toMatch(/Blue UAS/);
  });

  it('the Blue UAS exemption holds only while it is in force (until 2027-01-01); US production always', () => {
    const anafi = [text('Parrot ANAFI USA GOV', 'model', 'usb[0].name')];
    expect(verdictOf(anafi, { today: '2026-12-31' }).verdict).toBe('clear');
    const later = verdictOf(anafi, { today: '2027-01-01' });
    expect([later.verdict, later.entity]).toEqual(['review', 'foreign-uas']);
    expect(later.reason).toMatch(/not in force on 2027-01-01/);
    const skydio = [text('Skydio X10D', 'model', 'usb[0].name')];
    expect(verdictOf(skydio, { today: '2027-06-01' }).verdict).toBe('clear');
  });

  it('flight apps on a workstation are review under the UAS category', () => {
    const r = verdictOf([
      {
        kind: 'software',
        source: 'agent',
        field: 'software[3]',
        value: 'FreeFlight 7',
        software: { name: 'FreeFlight 7' },
      },
    ]);
    expect([r.verdict, r.entity]).toEqual(['review', 'foreign-uas']);
    expect(r.evidence.find((e) => e.category)?.domain).toBe('software');
  });
});
