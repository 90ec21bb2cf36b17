// A serving collector notices agents revoked by another process (`coverscan agents --revoke` writes the
// database directly): every interval it reads SQLite's data_version (a few microseconds; it moves only
// when another connection committed), and when it moved and the number of revoked agents changed, it
// checks the agents it holds connections for. Frames are also checked one by one (server.ts), so a
// revoked key is refused even between two looks.
import type { Store } from '../store/store';

export class RevocationWatch {
  private version: number;
  private revoked: number;
  private readonly timer: NodeJS.Timeout;

  /** `connected()`: agent ids with an open connection; `onRevoked`: close that agent's connections. */
  constructor(
    private readonly store: Store,
    private readonly connected: () => Iterable<string>,
    private readonly onRevoked: (agentId: string, revokedAt: string) => void,
    private readonly onError: (err: Error) => void,
    intervalMs = 500,
  ) {
    this.version = store.dataVersion();
    this.revoked = store.revokedAgentCount();
    this.timer = setInterval(() => this.look(), intervalMs);
    this.timer.unref();
  }

  look(): void {
    try {
      const v = this.store.dataVersion();
      if (v === this.version) return;
      this.version = v;
      const n = this.store.revokedAgentCount();
      if (n === this.revoked) return;
      this.revoked = n;
      for (const id of new Set(this.connected())) {
        const at = this.store.agentRevokedAt(id);
        if (at) this.onRevoked(id, at);
      }
    } catch (e) {
      this.onError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
