// Multicast camera discovery, only ever inside a network namespace this test creates: the child
// (cameras-multicast-child.ts) runs under `unshare -n`, where lo is the only interface, so the
// probes to 239.255.255.250 and 239.255.255.251 cannot reach a real network. The cameras there
// listen on the groups alone: whatever is found was found by multicast.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CameraSeen } from '../src/cameras/camera-observations';

const child = fileURLToPath(new URL('./cameras-multicast-child.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

describe('multicast discovery (in a network namespace of its own)', () => {
  it('finds SADP, Dahua and ONVIF devices by their groups, and keeps only the targets', () => {
    const r = spawnSync('unshare', ['-n', tsx, child], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr, r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      seen: CameraSeen[];
      counters: Record<string, number>;
    };
    const found = Object.fromEntries(out.seen.map((s) => [s.address, s]));
    expect(found['127.93.2.1']?.sadp?.description).toBe('DS-2CD2143G0-I');
    expect(found['127.93.2.2']?.dahua?.vendor).toBe('Amcrest');
    expect(found['127.93.2.3']?.onvif?.scopes.hardware).toBe('M3106');
    // Heard (it answered the group) but outside the targets: not recorded.
    expect(found['127.93.9.9']).toBeUndefined();
    expect(out.counters.cameraUnsolicited).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
