// Camera and recorder replies → evidence about their firmware. A Hikvision or Dahua board inside
// another brand's case still answers its maker's discovery protocol and serves its maker's web
// pages: those replies name the firmware, whatever the label says. Which protocol belongs to which
// maker, and which banners, realms and pages are whose, is catalog data (entities.json identifiers
// `firmware-protocol` and `fingerprint`), each with its source and strength.
import { type Catalog, displayName, sameMaker } from './catalog';
import type { FingerprintPart, FirmwareProtocol } from './catalog-schema';
import type { Evidence, FirmwareReply, Observation } from './evidence';
import { normText } from './normalize';
import { ruleEvidence } from './sysobjectid';
import { matchText } from './text';

const protocolNames: Record<FirmwareProtocol, string> = {
  sadp: 'SADP reply',
  'dahua-discovery': 'Dahua discovery reply',
  onvif: 'ONVIF',
  http: 'HTTP',
  rtsp: 'RTSP',
};

const partNames: Record<FingerprintPart, string> = {
  server: 'Server header',
  realm: 'authentication realm',
  title: 'page title',
  body: 'page',
  manufacturer: 'manufacturer',
  model: 'model',
  hardware: 'hardware scope',
  name: 'name scope',
};

/** Parts that are the device's own words about its maker or model: the text rules read them too. */
const textParts: Partial<Record<FirmwareReply['part'], 'vendor' | 'model'>> = {
  manufacturer: 'vendor',
  model: 'model',
  hardware: 'model',
  'device-type': 'model',
};

/** " from a device labelled X" when the device presents itself under a brand other than the firmware's maker. */
function labelled(cat: Catalog, label: string | undefined, entity: string): string {
  if (!label?.trim()) return '';
  const names = matchText(cat, {
    kind: 'text',
    source: 'label',
    field: 'label',
    value: label,
    textClass: 'any',
  });
  if (names.some((e) => sameMaker(cat, e.entity, entity))) return '';
  return ` from a device labelled ${JSON.stringify(label.trim())}`;
}

const excerpt = (t: string, at: number, len: number) =>
  `${at > 40 ? '…' : ''}${t.slice(Math.max(0, at - 40), at + Math.min(len, 120) + 40)}${at + len + 40 < t.length ? '…' : ''}`;

const shown = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);

export function matchFirmware(cat: Catalog, obs: Observation): Evidence[] {
  const f = obs.firmware;
  if (!f) return [];
  const out: Evidence[] = [];
  const firm = (entity: string) => `${displayName(cat, entity)} firmware`;
  if (f.part === 'device-type') {
    const r =
      f.protocol === 'sadp' || f.protocol === 'dahua-discovery'
        ? cat.firmwareProtocols.get(f.protocol)
        : undefined;
    if (r)
      out.push(
        ruleEvidence(
          obs,
          `${r.def.label} reply: device type ${obs.value.trim() || '(none given)'} (${firm(r.entity)})${labelled(cat, f.label, r.entity)}`,
          r,
        ),
      );
  } else {
    const text = normText(obs.value);
    for (const r of cat.fingerprints) {
      if (r.def.protocol !== f.protocol || r.def.part !== f.part) continue;
      const m = r.regex!.exec(text);
      if (!m) continue;
      // A page is kilobytes: the evidence keeps the words around what matched.
      const value = f.part === 'body' ? excerpt(text, m.index, m[0].length) : obs.value;
      out.push(
        ruleEvidence(
          obs,
          `${protocolNames[f.protocol]} ${partNames[f.part]} ${shown(value)} is a ${firm(r.entity)} fingerprint (/${r.def.pattern}/, ${r.def.strength})${labelled(cat, f.label, r.entity)}`,
          r,
        ),
      );
      if (f.part === 'body') out[out.length - 1].value = value;
    }
  }
  // A manufacturer or model field is also read as what it is (a DS-2CD model number is Hikvision's).
  const cls = textParts[f.part];
  if (cls)
    for (const t of matchText(cat, { ...obs, kind: 'text', textClass: cls }))
      if (!out.some((o) => o.entity === t.entity))
        out.push({
          ...t,
          rule: `${protocolNames[f.protocol]} ${f.part === 'device-type' ? 'device type' : partNames[f.part]}: ${t.rule}`,
        });
  return out;
}
