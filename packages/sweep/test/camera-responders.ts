// Simulated cameras and recorders, written from the public protocol descriptions (Hikvision SADP
// XML inquiry/ProbeMatch, Dahua DHIP DHDiscover.search/client.notifyDevInfo, ONVIF WS-Discovery
// ProbeMatches and GetDeviceInformation, HTTP and RTSP servers), each on its own loopback address.
// Misbehaviours on request: malformed, oversized, spoofed (wrong UUID / RelatesTo, from another
// address), XAddrs naming another host, endless web pages. `multicast` makes a responder also
// listen on the protocols' groups (only ever inside a network namespace a test created).
import dgram from 'node:dgram';
import net from 'node:net';

export interface Ports {
  sadp: number;
  'dahua-discovery': number;
  onvif: number;
  http: number;
  rtsp: number;
}

type Misbehaviour = 'malformed' | 'oversized' | 'spoofed' | 'from-other';

export interface CameraSpec {
  address: string;
  sadp?: {
    deviceType?: string;
    description?: string;
    serial?: string;
    mac?: string;
    softwareVersion?: string;
    bad?: Misbehaviour;
  };
  dahua?: {
    deviceType?: string;
    deviceClass?: string;
    serial?: string;
    vendor?: string;
    mac?: string;
    version?: string;
    /** The address the reply claims (default: the responder's own). */
    claims?: string;
    bad?: Misbehaviour;
  };
  onvif?: {
    scopes?: Record<string, string>;
    /** GetDeviceInformation answer; 'auth' answers 401 like a device that wants credentials. */
    info?: { manufacturer: string; model: string; firmware?: string; serial?: string } | 'auth';
    /** Host the XAddrs name (default: the responder's own address). */
    xaddrHost?: string;
    bad?: Misbehaviour;
  };
  http?: { server?: string; realm?: string; body?: string; endless?: boolean };
  rtsp?: { server?: string; realm?: string };
}

export interface Responders {
  /** Datagrams and connections the responders received. */
  counts: { udp: number; tcp: number };
  close(): Promise<void>;
}

const tag = (xml: string, name: string) => new RegExp(`<(?:\\w+:)?${name}>([^<]*)<`).exec(xml)?.[1] ?? '';

function sadpReply(s: NonNullable<CameraSpec['sadp']>, uuid: string, address: string): Buffer {
  const f = (n: string, v: string | undefined) => (v === undefined ? '' : `<${n}>${v}</${n}>`);
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><ProbeMatch>' +
      `<Uuid>${uuid}</Uuid><Types>inquiry</Types>` +
      f('DeviceType', s.deviceType ?? '138') +
      f('DeviceDescription', s.description) +
      f('DeviceSN', s.serial) +
      '<CommandPort>8000</CommandPort><HttpPort>80</HttpPort>' +
      f('MAC', s.mac) +
      `<IPv4Address>${address}</IPv4Address><IPv4SubnetMask>255.0.0.0</IPv4SubnetMask><IPv4Gateway>0.0.0.0</IPv4Gateway>` +
      '<DHCP>false</DHCP><AnalogChannelNum>0</AnalogChannelNum><DigitalChannelNum>1</DigitalChannelNum>' +
      f('SoftwareVersion', s.softwareVersion ?? 'V5.5.82build 190220') +
      '<DSPVersion>V7.3 build 190124</DSPVersion><BootTime>2026-11-01 08:00:00</BootTime><Activated>true</Activated>' +
      '</ProbeMatch>',
  );
}

function dhip(json: string): Buffer {
  const body = Buffer.from(json);
  const h = Buffer.alloc(32);
  h.writeUInt32LE(0x20, 0);
  h.write('DHIP', 4, 'latin1');
  h.writeUInt32LE(body.length, 16);
  h.writeUInt32LE(body.length, 24);
  return Buffer.concat([h, body]);
}

function dahuaReply(s: NonNullable<CameraSpec['dahua']>, address: string): Buffer {
  return dhip(
    JSON.stringify({
      mac: s.mac,
      method: 'client.notifyDevInfo',
      params: {
        deviceInfo: {
          AlarmInputChannels: 0,
          DeviceClass: s.deviceClass ?? 'IPC',
          DeviceType: s.deviceType,
          HttpPort: 80,
          IPv4Address: { DhcpEnable: false, IPAddress: s.claims ?? address, SubnetMask: '255.0.0.0' },
          Mac: s.mac,
          SerialNo: s.serial,
          Vendor: s.vendor ?? 'Dahua',
          Version: s.version ?? '2.800.0000000.25.R',
        },
      },
    }),
  );
}

function onvifReply(
  s: NonNullable<CameraSpec['onvif']>,
  relatesTo: string,
  address: string,
  httpPort: number,
) {
  const scopes = Object.entries(s.scopes ?? {})
    .map(([k, v]) => `onvif://www.onvif.org/${k}/${encodeURIComponent(v)}`)
    .concat('onvif://www.onvif.org/type/video_encoder', 'onvif://www.onvif.org/Profile/Streaming')
    .join(' ');
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope"' +
      ' xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"' +
      ' xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><SOAP-ENV:Header>' +
      `<wsa:MessageID>urn:uuid:${crypto.randomUUID()}</wsa:MessageID><wsa:RelatesTo>${relatesTo}</wsa:RelatesTo>` +
      '<wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>' +
      '<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action></SOAP-ENV:Header>' +
      '<SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference>' +
      `<wsa:Address>urn:uuid:${crypto.randomUUID()}</wsa:Address></wsa:EndpointReference>` +
      `<d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>${scopes}</d:Scopes>` +
      `<d:XAddrs>http://${s.xaddrHost ?? address}:${httpPort}/onvif/device_service</d:XAddrs>` +
      '<d:MetadataVersion>10</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>',
  );
}

function deviceInfoResponse(i: {
  manufacturer: string;
  model: string;
  firmware?: string;
  serial?: string;
}): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"' +
    ' xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><env:Body><tds:GetDeviceInformationResponse>' +
    `<tds:Manufacturer>${i.manufacturer}</tds:Manufacturer><tds:Model>${i.model}</tds:Model>` +
    `<tds:FirmwareVersion>${i.firmware ?? '1.0'}</tds:FirmwareVersion><tds:SerialNumber>${i.serial ?? ''}</tds:SerialNumber>` +
    '<tds:HardwareId>1.0</tds:HardwareId></tds:GetDeviceInformationResponse></env:Body></env:Envelope>'
  );
}

const junk = Buffer.from('\x00\x01not a reply at all <ProbeMatch', 'latin1');
const huge = () => Buffer.alloc(20_000, 'A');

/** A reply as asked, or its misbehaving variant. */
function misbehave(bad: Misbehaviour | undefined, good: () => Buffer, spoofed: () => Buffer): Buffer {
  if (bad === 'malformed') return junk;
  if (bad === 'oversized') return Buffer.concat([good(), huge()]);
  if (bad === 'spoofed') return spoofed();
  return good();
}

function http(status: string, headers: Record<string, string>, body: string): string {
  const h = Object.entries({
    ...headers,
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return `HTTP/1.1 ${status}\r\n${h}\r\n${body}`;
}

/** One loopback address the "from-other" misbehaviour replies from. */
export const OTHER_ADDRESS = '127.93.255.254';

export async function startCameras(
  specs: CameraSpec[],
  ports: Ports,
  opts: { multicast?: boolean } = {},
): Promise<Responders> {
  const counts = { udp: 0, tcp: 0 };
  const closers: (() => Promise<void>)[] = [];
  const udp = async (
    address: string,
    port: number,
    handle: (msg: Buffer, send: (b: Buffer, from?: dgram.Socket) => void) => void,
  ) => {
    const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    const onMessage = (msg: Buffer, r: dgram.RemoteInfo) => {
      counts.udp++;
      handle(msg, (b, from) => (from ?? s).send(b, r.port, r.address));
    };
    s.on('message', onMessage);
    // Multicast-only responders listen on the groups alone (bound below); their own socket only sends,
    // so a reply proves the multicast probe reached them.
    await new Promise<void>((res) => s.bind(opts.multicast ? 0 : port, address, () => res()));
    closers.push(() => new Promise((res) => s.close(() => res())));
    return { s, onMessage };
  };
  const other = dgram.createSocket('udp4');
  await new Promise<void>((res) => other.bind(0, OTHER_ADDRESS, () => res()));
  closers.push(() => new Promise((res) => other.close(() => res())));
  // Multicast listeners: one socket per group and port, fanning each probe out to every responder.
  const groups = new Map<string, ((msg: Buffer, r: dgram.RemoteInfo) => void)[]>();
  const onGroup = (group: string, port: number, h: (msg: Buffer, r: dgram.RemoteInfo) => void) => {
    const k = `${group}:${port}`;
    groups.set(k, [...(groups.get(k) ?? []), h]);
  };

  for (const c of specs) {
    const a = c.address;
    if (c.sadp) {
      const s = c.sadp;
      const u = await udp(a, ports.sadp, (msg, send) => {
        const xml = msg.toString();
        if (tag(xml, 'Types') !== 'inquiry') return;
        const uuid = tag(xml, 'Uuid');
        const reply = misbehave(
          s.bad,
          () => sadpReply(s, uuid, a),
          () => sadpReply(s, crypto.randomUUID().toUpperCase(), a),
        );
        send(reply, s.bad === 'from-other' ? other : undefined);
      });
      onGroup('239.255.255.250', ports.sadp, u.onMessage);
    }
    if (c.dahua) {
      const s = c.dahua;
      const u = await udp(a, ports['dahua-discovery'], (msg, send) => {
        if (msg.length < 32 || msg.toString('latin1', 4, 8) !== 'DHIP') return;
        if (!msg.toString('utf8', 32).includes('DHDiscover.search')) return;
        send(
          misbehave(
            s.bad,
            () => dahuaReply(s, a),
            () => dahuaReply(s, a),
          ),
          s.bad === 'from-other' ? other : undefined,
        );
      });
      onGroup('239.255.255.251', ports['dahua-discovery'], u.onMessage);
    }
    if (c.onvif) {
      const s = c.onvif;
      const u = await udp(a, ports.onvif, (msg, send) => {
        const xml = msg.toString();
        if (!xml.includes('NetworkVideoTransmitter')) return;
        const id = tag(xml, 'MessageID');
        const reply = misbehave(
          s.bad,
          () => onvifReply(s, id, a, ports.http),
          () => onvifReply(s, `urn:uuid:${crypto.randomUUID()}`, a, ports.http),
        );
        send(reply, s.bad === 'from-other' ? other : undefined);
      });
      onGroup('239.255.255.250', ports.onvif, u.onMessage);
    }
    if (c.http || c.onvif) {
      const h = c.http ?? {};
      closers.push(
        await tcp(a, ports.http, counts, (req, sock) => {
          if (req.startsWith('POST /onvif/device_service')) {
            const info = c.onvif?.info;
            if (!info) sock.end(http('404 Not Found', {}, ''));
            else if (info === 'auth')
              sock.end(
                http('401 Unauthorized', { 'WWW-Authenticate': 'Digest realm="ONVIF", nonce="abc"' }, ''),
              );
            else
              sock.end(http('200 OK', { 'Content-Type': 'application/soap+xml' }, deviceInfoResponse(info)));
            return;
          }
          if (!c.http) return void sock.end(http('404 Not Found', {}, ''));
          if (h.endless) {
            sock.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n');
            const chunk = '<p>'.padEnd(16_384, 'x');
            const more = () => {
              while (!sock.destroyed && sock.write(chunk));
            };
            sock.on('drain', more);
            more();
            return;
          }
          const headers: Record<string, string> = { 'Content-Type': 'text/html' };
          if (h.server) headers.Server = h.server;
          if (h.realm) headers['WWW-Authenticate'] = `Digest realm="${h.realm}", qop="auth", nonce="abc"`;
          sock.end(http(h.realm ? '401 Unauthorized' : '200 OK', headers, h.body ?? ''));
        }),
      );
    }
    if (c.rtsp) {
      const r = c.rtsp;
      closers.push(
        await tcp(a, ports.rtsp, counts, (req, sock) => {
          const cseq = /CSeq: *(\d+)/i.exec(req)?.[1] ?? '1';
          const lines = [`RTSP/1.0 ${r.realm ? '401 Unauthorized' : '200 OK'}`, `CSeq: ${cseq}`];
          if (r.server) lines.push(`Server: ${r.server}`);
          if (r.realm) lines.push(`WWW-Authenticate: Digest realm="${r.realm}", nonce="abc"`);
          sock.end(`${lines.join('\r\n')}\r\n\r\n`);
        }),
      );
    }
  }
  if (opts.multicast)
    for (const [k, handlers] of groups) {
      const [group, port] = k.split(':');
      const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
      s.on('message', (msg, r) => {
        for (const h of handlers) h(msg, r);
      });
      // Bound to the group itself: unicast datagrams to the responders' addresses do not reach it.
      await new Promise<void>((res) => s.bind(Number(port), group, () => res()));
      s.addMembership(group, '127.0.0.1');
      closers.push(() => new Promise((res) => s.close(() => res())));
    }
  return {
    counts,
    close: async () => {
      await Promise.all(closers.map((c) => c()));
    },
  };
}

function tcp(
  address: string,
  port: number,
  counts: { tcp: number },
  handle: (request: string, sock: net.Socket) => void,
): Promise<() => Promise<void>> {
  const open = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    counts.tcp++;
    open.add(sock);
    sock.on('close', () => open.delete(sock));
    let req = '';
    sock.on('error', () => {});
    sock.on('data', (d) => {
      req += d.toString('latin1');
      const end = req.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/content-length: *(\d+)/i.exec(req.slice(0, end))?.[1] ?? 0);
      if (req.length - end - 4 >= len) handle(req, sock);
    });
  });
  return new Promise((res) =>
    server.listen(port, address, () =>
      res(
        () =>
          new Promise((r) => {
            server.close(() => r());
            // Connections still open (an endless page) are ended too.
            for (const c of open) c.destroy();
          }),
      ),
    ),
  );
}
