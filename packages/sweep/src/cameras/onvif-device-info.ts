// ONVIF GetDeviceInformation (Core Specification, device service): Manufacturer, Model,
// FirmwareVersion, SerialNumber, HardwareId. Many devices answer it without credentials (the spec
// lets the device decide); one that asks for them answers a SOAP fault or 401 and we go without.
// Only an address the device itself replied from is asked: an XAddr naming another host (a
// spoofed or misconfigured ProbeMatch) is never followed.
import { httpExchange } from './http-exchange';
import { xmlField } from './xml-fields';

export interface OnvifDeviceInfo {
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  serial: string | null;
}

const BODY =
  '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">' +
  '<s:Body><GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>';

/** The XAddr to ask, if one of them is on the device's own address; else null. */
export function ownXAddr(xaddrs: string[], address: string): URL | null {
  for (const x of xaddrs) {
    try {
      const u = new URL(x);
      if (u.protocol === 'http:' && u.hostname === address) return u;
    } catch {}
  }
  return null;
}

export async function getDeviceInformation(url: URL, timeoutMs: number): Promise<OnvifDeviceInfo | null> {
  const r = await httpExchange(
    url.hostname,
    Number(url.port || 80),
    `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n` +
      `Content-Type: application/soap+xml; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\n` +
      `Connection: close\r\n\r\n${BODY}`,
    timeoutMs,
  );
  if (r?.status !== 200 || !/GetDeviceInformationResponse/i.test(r.body)) return null;
  const f = (n: string) => xmlField(r.body, n) || null;
  const info = {
    manufacturer: f('Manufacturer'),
    model: f('Model'),
    firmware: f('FirmwareVersion'),
    serial: f('SerialNumber'),
  };
  return info.manufacturer || info.model ? info : null;
}
