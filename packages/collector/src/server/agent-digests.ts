// Per agent: the digest of the inventory the store holds for it, and how many of its full reports are
// still on their way to a commit. An unchanged report (a digest, or a full frame whose digest is the
// stored one) is stored as "nothing changed" only when no full report of the same agent is ahead of it:
// otherwise the inventory it would confirm may be about to be replaced, and the agent is asked for the
// full report instead. Kept per agent, not per connection, so two connections of one agent (a service
// and a manual `once`) see each other's reports.

interface AgentDigest {
  /** reportFingerprint() of the inventory last committed for this agent (null: none yet). */
  digest: string | null;
  /** Full reports accepted (being prepared or queued for commit) and not yet committed or refused. */
  busy: number;
  /** Open connections authenticated as this agent. */
  conns: number;
}

export class AgentDigests {
  private readonly agents = new Map<string, AgentDigest>();

  /** A connection authenticated as `agentId`; `stored` is the store's digest (used if none is held). */
  open(agentId: string, stored: string | null): string | null {
    let a = this.agents.get(agentId);
    if (!a) {
      a = { digest: stored, busy: 0, conns: 0 };
      this.agents.set(agentId, a);
    }
    a.conns++;
    return a.digest;
  }

  close(agentId: string): void {
    const a = this.agents.get(agentId);
    if (!a) return;
    a.conns--;
    this.forget(agentId, a);
  }

  /** A full report of this agent starts its way to the store. */
  begin(agentId: string): void {
    const a = this.agents.get(agentId);
    if (a) a.busy++;
  }

  /** That report was committed with this digest (or refused: `digest` undefined). */
  end(agentId: string, digest?: string | null): void {
    const a = this.agents.get(agentId);
    if (!a) return;
    a.busy--;
    if (digest !== undefined) a.digest = digest;
    this.forget(agentId, a);
  }

  /** Whether a report with this digest is "nothing changed" right now. */
  unchanged(agentId: string, digest: string): boolean {
    const a = this.agents.get(agentId);
    return !!a && a.busy === 0 && a.digest !== null && a.digest === digest;
  }

  private forget(agentId: string, a: AgentDigest): void {
    if (a.conns <= 0 && a.busy <= 0) this.agents.delete(agentId);
  }
}
