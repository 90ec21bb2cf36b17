// A collector database of N assets stored through the real ingest path (the server's prepareFrame for agent
// reports, Store.ingestAssets for sweeps), shared by the re-judging and API benchmarks: agents'
// workstations with their USB peripherals (one in 50 with a Huawei phone), and swept network devices
// (Cisco, Huawei, H3C, HP, ZTE) with 4 neighbor MACs each behind a switch port.
import { prepareFrame } from '../packages/collector/src/server/prepare-frame';
import { Store } from '../packages/collector/src/store/store';
import {
  hex2,
  neighborDraft,
  reportFrame,
  sweptDeviceDraft,
} from '../packages/collector/test/inventory-generator';
import type { AssetDraft } from '../packages/shared/src/asset';

const devices: { oid: string; descr: string; oui: string }[] = [
  { oid: '1.3.6.1.4.1.9.1.2694', descr: 'Cisco IOS Software, C9300 Software', oui: '00:1b:54' },
  {
    oid: '1.3.6.1.4.1.2011.2.23.96',
    descr: 'Huawei Versatile Routing Platform Software S5720',
    oui: '00:e0:fc',
  },
  { oid: '1.3.6.1.4.1.25506.1.1', descr: 'H3C Comware Platform Software', oui: '3c:8c:40' },
  { oid: '1.3.6.1.4.1.11.2.3.7.11.160', descr: 'HP J9773A 2530-24G-PoEP Switch', oui: '94:57:a5' },
  { oid: '1.3.6.1.4.1.3902.3.100.11', descr: 'ZXR10 2928E Software Version V2.00', oui: '00:19:c6' },
];
const neighborOuis = ['c0:56:e3', '4c:bd:8f', 'b0:7b:25', '00:50:56', '3c:ef:8c', '8c:16:45'];

export function sweepDrafts(i: number): AssetDraft[] {
  const d = devices[i % devices.length];
  const ip = `127.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const device = sweptDeviceDraft(ip, `sw-${i}`, `${d.oui}:${hex2(i >> 16)}:${hex2(i >> 8)}:${hex2(i)}`, d);
  const neighbors = Array.from({ length: 4 }, (_, k) =>
    neighborDraft(
      `${neighborOuis[(i + k) % neighborOuis.length]}:${hex2(k)}:${hex2(i >> 8)}:${hex2(i)}`,
      ip,
      `switch sw-${i} (${ip}), port Gi0/${k + 1}, VLAN ${10 + k} [fdb]`,
    ),
  );
  return [device, ...neighbors];
}

/**
 * Fills `db` with about `assets` assets (each agent report stores 4, each swept device 5); `phoneEvery`: one
 * agent in this many has a Huawei phone on USB.
 */
export function seedStore(db: string, assets: number, phoneEvery = 50) {
  // Each agent report stores 4 assets (the workstation, a USB receiver, a Bluetooth adapter, a camera);
  // a fifth of the assets come from sweeps (a network device and 4 neighbor MACs behind it).
  const agents = Math.round((assets * 0.8) / 4);
  const devices = Math.round((assets * 0.2) / 5);
  const s = Store.open(db);
  for (let b = 0; b < agents; b += 200)
    s.transaction(() => {
      for (let i = b; i < Math.min(agents, b + 200); i++) {
        const p = prepareFrame(
          reportFrame(i, { huaweiPhone: i % phoneEvery === 0 }, `report-${i}`),
          `ag_${i}`,
          s.identifyCache,
        );
        if (p.kind !== 'report') throw new Error(JSON.stringify(p));
        s.ingestReport(`ag_${i}`, p.reportId, null, p.drafts, p.version);
      }
    });
  for (let b = 0; b < devices; b += 200)
    s.ingestAssets(Array.from({ length: Math.min(200, devices - b) }, (_, k) => sweepDrafts(b + k)).flat(), {
      source: 'sweep',
    });
  const counts = s.counts();
  s.close();
  return { agents, devices, counts };
}
