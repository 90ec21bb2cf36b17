// `coverscan agents [--db FILE] [--json] [--revoke ID]`: enrolled agents.
import type { Command } from 'commander';
import { dbHelp } from '../db-option';
import { textTable } from '../text-table';
import { withStore } from '../with-store';

export function registerAgents(program: Command): void {
  program
    .command('agents')
    .description('list enrolled agents, or revoke one (its node key stops working)')
    .option('--db <file>', dbHelp)
    .option('--json', 'print JSON')
    .option('--revoke <agentId>', 'revoke this agent')
    .action((o: { db?: string; json?: boolean; revoke?: string }) =>
      withStore(o.db, o.revoke ? 'write' : 'read', (s) => {
        if (o.revoke) {
          if (!s.revokeAgent(o.revoke)) throw new Error(`no active agent with id ${o.revoke}`);
          return console.log(`agent ${o.revoke} revoked`);
        }
        const rows = s.listAgents();
        if (o.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(
          textTable(
            ['agent', 'hostname', 'version', 'enrolled', 'last seen', 'assets', 'revoked'],
            rows.map((r) => [r.id, r.hostname, r.version, r.enrolledAt, r.lastSeen, r.assets, r.revokedAt]),
          ),
        );
      }),
    );
}
