// DNS rebinding: a web page on a name its attacker controls, re-pointed at 127.0.0.1, could read the
// API from a browser on the collector's host with the browser's loopback access. The browser still sends
// the attacker's name in `Host`, so the API answers only names it serves: loopback names, any IP
// literal (an address is not a name that can be re-pointed), the listen address, and names added with
// `--allow-host`.
import { isIP } from 'node:net';

export class HostCheck {
  private readonly names: Set<string>;

  constructor(extra: string[] = [], listenHost?: string) {
    this.names = new Set(
      ['localhost', ...extra, ...(listenHost ? [listenHost] : [])].map((n) => n.toLowerCase()),
    );
  }

  /** Whether a request's Host header names this collector. */
  allows(host: string | undefined): boolean {
    if (!host) return false;
    const h = host.trim().toLowerCase();
    // [v6]:port, [v6], name:port, name, v4:port
    const name = h.startsWith('[') ? h.slice(1, h.indexOf(']')) : h.replace(/:\d+$/, '');
    if (isIP(name)) return true;
    return this.names.has(name) || name.endsWith('.localhost');
  }
}
