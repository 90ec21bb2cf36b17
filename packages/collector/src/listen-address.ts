// Parses --listen: HOST:PORT, [IPv6]:PORT, :PORT or PORT.
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(s) ?? /^()()(\d+)$/.exec(s);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--listen expects HOST:PORT (e.g. 0.0.0.0:7443 or 127.0.0.1:0), got "${s}"`);
  return { host: m[1] || m[2] || '0.0.0.0', port };
}
