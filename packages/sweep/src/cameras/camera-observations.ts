// What one address's camera replies become: observations on the one identification path (kind
// `firmware`, with protocol and part), identities that join it to the same asset seen elsewhere
// (its MAC in a switch's table, its serial), and the draft's own fields. The brand the device
// presents (its ONVIF or discovery manufacturer, else its ONVIF name) travels with each
// observation as `label`, so evidence can say "from a device labelled X".
import {
  type AssetDraft,
  type FingerprintPart,
  type FirmwareReply,
  type Identity,
  normMac,
  type Observation,
} from '@coverscan/shared';
import type { DahuaDevice } from './dahua-discovery';
import type { HttpFingerprint } from './http-fingerprint';
import type { OnvifDeviceInfo } from './onvif-device-info';
import type { OnvifMatch } from './onvif-probe';
import type { RtspFingerprint } from './rtsp-fingerprint';
import type { SadpDevice } from './sadp';

export interface CameraSeen {
  address: string;
  sadp?: SadpDevice;
  dahua?: DahuaDevice;
  onvif?: OnvifMatch;
  onvifInfo?: OnvifDeviceInfo;
  http?: HttpFingerprint;
  rtsp?: RtspFingerprint;
}

/** How much of a web page is kept (whitespace collapsed): login paths sit in the first few KiB. */
export const BODY_KEPT = 8 * 1024;

/** Discovery "vendors" that name no brand (Dahua's own units may say Private or General). */
const noBrand = /^(?:private|general|generic|oem|none|unknown|n\/?a)$/i;

export function cameraLabel(s: CameraSeen): string | null {
  const candidates = [
    s.onvifInfo?.manufacturer,
    s.dahua?.vendor,
    s.onvif?.scopes.manufacturer,
    s.onvif?.scopes.name,
  ];
  return candidates.find((c): c is string => !!c?.trim() && !noBrand.test(c.trim())) ?? null;
}

export function cameraObservations(s: CameraSeen): Observation[] {
  const label = cameraLabel(s) ?? undefined;
  const out: Observation[] = [];
  const add = (
    protocol: FirmwareReply['protocol'],
    part: FingerprintPart | 'device-type',
    field: string,
    value: string | null | undefined,
  ) => {
    if (!value?.trim()) return;
    const firmware: FirmwareReply = label ? { protocol, part, label } : { protocol, part };
    out.push({ kind: 'firmware', source: protocol, field, value: value.trim(), firmware });
  };
  if (s.sadp) {
    // A reply with neither still is a SADP reply (the parser required one of type, model, serial).
    add(
      'sadp',
      'device-type',
      'sadp.DeviceDescription',
      s.sadp.description ?? s.sadp.deviceType ?? 'unknown',
    );
  }
  if (s.dahua) {
    add(
      'dahua-discovery',
      'device-type',
      'dhip.DeviceType',
      s.dahua.deviceType ?? s.dahua.deviceClass ?? 'unknown',
    );
    add('dahua-discovery', 'manufacturer', 'dhip.Vendor', s.dahua.vendor);
  }
  if (s.onvif) {
    add('onvif', 'hardware', 'onvif.scope.hardware', s.onvif.scopes.hardware);
    add('onvif', 'name', 'onvif.scope.name', s.onvif.scopes.name);
  }
  if (s.onvifInfo) {
    add('onvif', 'manufacturer', 'onvif.Manufacturer', s.onvifInfo.manufacturer);
    add('onvif', 'model', 'onvif.Model', s.onvifInfo.model);
  }
  if (s.http) {
    add('http', 'server', 'http.Server', s.http.server);
    add('http', 'realm', 'http.realm', s.http.realm);
    add('http', 'title', 'http.title', s.http.title);
    add('http', 'body', 'http.body', s.http.body.replace(/\s+/g, ' ').slice(0, BODY_KEPT));
  }
  if (s.rtsp) {
    add('rtsp', 'server', 'rtsp.Server', s.rtsp.server);
    add('rtsp', 'realm', 'rtsp.realm', s.rtsp.realm);
  }
  return out;
}

function identities(s: CameraSeen): Identity[] {
  const out: Identity[] = [{ type: 'ip', value: s.address }];
  for (const m of [s.sadp?.mac, s.dahua?.mac]) if (m && normMac(m)) out.push({ type: 'mac', value: m });
  for (const v of [s.sadp?.serial, s.dahua?.serial, s.onvifInfo?.serial])
    if (v) out.push({ type: 'serial', value: v });
  return out;
}

const model = (s: CameraSeen) =>
  s.sadp?.description ?? s.dahua?.deviceType ?? s.onvifInfo?.model ?? s.onvif?.scopes.hardware ?? null;

/** A new asset draft for a camera no SNMP agent answered for. */
export function cameraDraft(s: CameraSeen): AssetDraft {
  const ids = identities(s);
  return {
    kind: 'network-device',
    ip: s.address,
    mac: ids.find((i) => i.type === 'mac')?.value ?? null,
    hostname: null,
    vendor: cameraLabel(s),
    model: model(s),
    serial: ids.find((i) => i.type === 'serial')?.value ?? null,
    identities: ids,
    observations: cameraObservations(s),
  };
}

/** The camera replies of an address that an SNMP agent also answered for, added to its draft. */
export function mergeCamera(d: AssetDraft, s: CameraSeen): void {
  const c = cameraDraft(s);
  d.observations.push(...c.observations);
  const have = new Set(d.identities.map((i) => `${i.type}\0${i.value}`));
  for (const i of c.identities) if (!have.has(`${i.type}\0${i.value}`)) d.identities.push(i);
  d.mac ??= c.mac;
  d.model ??= c.model;
  d.serial ??= c.serial;
}

/** Whether the address said anything a camera says. */
export function heard(s: CameraSeen): boolean {
  return !!(s.sadp || s.dahua || s.onvif || s.onvifInfo || s.http || s.rtsp);
}
