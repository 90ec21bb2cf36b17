// Camera replies on the one identification path: what a compliance officer expects of a relabelled
// Hikvision or Dahua unit, of a brand alone, of a banner alone, and of a camera nobody lists.
import { describe, expect, it } from 'vitest';
import entities from '../catalog/entities.json' with { type: 'json' };
import lists from '../catalog/lists.json' with { type: 'json' };
import {
  assetVendor,
  buildCatalog,
  type FirmwareReply,
  identify,
  judge,
  loadCatalog,
  type Observation,
} from '../src';

const fw = (firmware: FirmwareReply, value: string): Observation => ({
  kind: 'firmware',
  source: firmware.protocol,
  field: `${firmware.protocol}.${firmware.part}`,
  value,
  firmware,
});
const verdictOf = (obs: Observation[]) => {
  const v = judge(identify(obs));
  return { ...v, vendor: assetVendor(v, obs, null) };
};

describe('camera firmware evidence', () => {
  it('a SADP reply from a device labelled Honeywell is Hikvision firmware: covered, and says so', () => {
    const label = 'Honeywell';
    const v = verdictOf([
      fw({ protocol: 'onvif', part: 'manufacturer', label }, 'Honeywell'),
      fw({ protocol: 'sadp', part: 'device-type', label }, 'DS-2CD2143G0-I'),
    ]);
    expect(v.verdict).toBe('covered');
    expect(v.entity).toBe('hikvision');
    expect(v.vendor).toBe('Hikvision');
    const sadp = v.evidence.find((e) => e.source === 'sadp' && e.rule.startsWith('SADP reply'));
    expect(sadp?.rule).toMatch(
      /^SADP reply: device type DS-2CD2143G0-I \(Hikvision firmware\) from a device labelled "Honeywell"$/,
    );
  });

  it('the same Honeywell label without a protocol reply is review (an OEM brand), not covered', () => {
    const v = verdictOf([fw({ protocol: 'onvif', part: 'manufacturer' }, 'Honeywell')]);
    expect(v.verdict).toBe('review');
    expect(v.entity).toBe('honeywell-video-oem');
  });

  it('a brand the catalog knows only as a former Dahua company (Lorex) is review on its own', () => {
    expect(verdictOf([fw({ protocol: 'onvif', part: 'manufacturer' }, 'LOREX')]).verdict).toBe('review');
  });

  it('a Dahua discovery reply is covered whatever its Vendor field says, and names no label when the label is Dahua', () => {
    const oem = verdictOf([
      fw({ protocol: 'dahua-discovery', part: 'device-type', label: 'Intelbras' }, 'VIP 1230 B'),
    ]);
    expect(oem.verdict).toBe('covered');
    expect(oem.entity).toBe('dahua');
    expect(oem.evidence[0].rule).toContain('labelled "Intelbras"');
    const own = verdictOf([
      fw({ protocol: 'dahua-discovery', part: 'device-type', label: 'Dahua' }, 'IPC-HDW2431T'),
    ]);
    expect(own.evidence[0].rule).not.toContain('labelled');
  });

  it('a generic web-server banner is review; a precise login path is covered', () => {
    expect(verdictOf([fw({ protocol: 'http', part: 'server' }, 'App-webs/')]).verdict).toBe('review');
    expect(verdictOf([fw({ protocol: 'http', part: 'server' }, 'DNVRS-Webs')]).verdict).toBe('review');
    const page =
      '<html><head><meta http-equiv="Refresh" content="0;url=/doc/page/login.asp?_1"></head></html>';
    const v = verdictOf([fw({ protocol: 'http', part: 'body', label: 'Acme' }, page)]);
    expect(v.verdict).toBe('covered');
    expect(v.entity).toBe('hikvision');
  });

  it('a banner match is only read in its own protocol and part', () => {
    // "Dahua Rtsp Server" is Dahua's RTSP banner; as a web page title it is just text naming Dahua.
    expect(identify([fw({ protocol: 'rtsp', part: 'server' }, 'Dahua Rtsp Server')])[0].ruleId).toMatch(
      /^dahua#/,
    );
    expect(identify([fw({ protocol: 'http', part: 'server' }, 'GoAhead-Webs')])).toEqual([]);
  });

  it('an Axis camera is clear and named', () => {
    const v = verdictOf([fw({ protocol: 'onvif', part: 'manufacturer' }, 'AXIS')]);
    expect(v.verdict).toBe('clear');
    expect(v.vendor).toBe('Axis');
  });

  it('Honeywell over SNMP (building systems) is not a camera brand', () => {
    const v = judge(
      identify([
        {
          kind: 'text',
          source: 'snmp',
          field: 'entPhysicalMfgName',
          value: 'Honeywell',
          textClass: 'vendor',
        },
      ]),
    );
    expect(v.verdict).toBe('clear');
  });
});

describe('fingerprint rules are validated at load', () => {
  const withRule = (rule: object) => {
    // Typed loosely: the JSON's inferred type is too large for the checker to push into.
    const data = structuredClone(entities) as { entities: { id: string; identifiers: unknown[] }[] };
    data.entities.find((e) => e.id === 'hikvision')!.identifiers.push(rule);
    return () => buildCatalog(lists, data);
  };
  const base = {
    type: 'fingerprint',
    protocol: 'http',
    part: 'server',
    strength: 'medium',
    added: '2026-11-30',
  };
  it('rejects a rule without a source, an upper-case pattern, an unknown part or protocol', () => {
    expect(withRule({ ...base, pattern: '^x$' })).toThrow(/source/);
    expect(withRule({ ...base, pattern: '^App-webs$', source: 'research' })).toThrow(/lower case/);
    expect(withRule({ ...base, part: 'cookie', pattern: '^x$', source: 'research' })).toThrow(/part/);
    expect(withRule({ ...base, protocol: 'telnet', pattern: '^x$', source: 'research' })).toThrow(/protocol/);
  });
  it('rejects a second maker claiming the same discovery protocol', () => {
    const data = structuredClone(entities) as { entities: { id: string; identifiers: unknown[] }[] };
    data.entities
      .find((e) => e.id === 'dahua')!
      .identifiers.push({
        type: 'firmware-protocol',
        protocol: 'sadp',
        label: 'SADP',
        strength: 'strong',
        source: 'research',
        added: '2026-11-30',
      });
    expect(() => buildCatalog(lists, data)).toThrow(/already claimed by hikvision/);
  });
  it('the shipped catalog loads', () => {
    expect(loadCatalog().firmwareProtocols.get('sadp')?.entity).toBe('hikvision');
  });
});
