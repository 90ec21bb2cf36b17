// Parses --listen: HOST:PORT, [IPv6]:PORT, :PORT or PORT. Without a host it is loopback, as serve's default:
// listening on every interface is said out loud (0.0.0.0:PORT or [::]:PORT), never a shorthand's side effect.
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(s) ?? /^()()(\d+)$/.exec(s);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--listen expects HOST:PORT (e.g. 0.0.0.0:7443 or 127.0.0.1:0), got "${s}"`);
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

/** One line that says what to do when the address cannot be listened on; other errors pass unchanged. */
export function listenError(err: Error & { code?: string }, host: string, port: number): Error {
  const at = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return new Error(
        `${at} is already in use (another coverscan serve, or another program): stop it, or choose another port with --listen HOST:PORT`,
      );
    case 'EACCES':
      return new Error(
        `not allowed to listen on ${at} (ports below 1024 need root): choose a port from 1024 up with --listen`,
      );
    case 'EADDRNOTAVAIL':
      return new Error(
        `${host} is not an address of this machine: use one of its addresses, or 0.0.0.0 for all, in --listen`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Error(`--listen host "${host}" does not resolve to an address of this machine`);
    default:
      return err;
  }
}
