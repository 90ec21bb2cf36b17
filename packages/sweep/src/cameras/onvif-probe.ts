// ONVIF WS-Discovery (WS-Discovery 2005/04 as the ONVIF Core Specification profiles it): a SOAP
// Probe for dn:NetworkVideoTransmitter to UDP 3702 (multicast 239.255.255.250). A device answers
// with ProbeMatches whose RelatesTo is our MessageID, its scopes (onvif://www.onvif.org/name/…,
// /hardware/…, /manufacturer/… as some firmware adds) and its device-service addresses (XAddrs).
import { hasElement, xmlField } from './xml-fields';

export const ONVIF_PORT = 3702;
export const ONVIF_GROUP = '239.255.255.250';

export function onvifProbe(messageId: string): Buffer {
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"' +
      ' xmlns:w="http://schemas.xmlsoap.org/ws/2004/08/addressing"' +
      ' xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"' +
      ' xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
      `<e:Header><w:MessageID>urn:uuid:${messageId}</w:MessageID>` +
      '<w:To e:mustUnderstand="true">urn:schemas-xmlsoap-org:ws:2005:04:discovery</w:To>' +
      '<w:Action e:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</w:Action>' +
      '</e:Header><e:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></e:Body></e:Envelope>',
    'utf8',
  );
}

export interface OnvifMatch {
  /** Decoded values of the onvif://www.onvif.org/<key>/<value> scopes, by key (name, hardware, ...). */
  scopes: Record<string, string>;
  xaddrs: string[];
}

export type OnvifReply = { ok: true; match: OnvifMatch } | { ok: false; why: 'malformed' | 'spoofed' };

const SCOPE = /^onvif:\/\/www\.onvif\.org\/([a-z_]+)\/(.+)$/i;

export function parseProbeMatch(buf: Buffer, messageId: string): OnvifReply {
  const xml = buf.toString('utf8');
  if (!hasElement(xml, 'ProbeMatches')) return { ok: false, why: 'malformed' };
  const relates = xmlField(xml, 'RelatesTo');
  if (!relates || relates.replace(/^urn:uuid:/i, '').toLowerCase() !== messageId.toLowerCase())
    return { ok: false, why: 'spoofed' };
  const scopes: Record<string, string> = {};
  for (const s of (xmlField(xml, 'Scopes') ?? '').split(/\s+/)) {
    const m = SCOPE.exec(s);
    if (!m) continue;
    const key = m[1].toLowerCase();
    let v: string;
    try {
      v = decodeURIComponent(m[2]);
    } catch {
      v = m[2];
    }
    scopes[key] ??= v.trim();
  }
  const xaddrs = (xmlField(xml, 'XAddrs') ?? '').split(/\s+/).filter((x) => /^https?:\/\//i.test(x));
  return { ok: true, match: { scopes, xaddrs } };
}
