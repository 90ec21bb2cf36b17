// `coverscan agents [--db FILE] [--format table|json|csv] [--revoke ID]`: enrolled agents.
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbHelp } from '../db-option';
import { type FormatFlags, formatOf, formatOption, jsonOption, printRows } from '../output-format';
import { withStore } from '../with-store';

export function registerAgents(program: Command): void {
  program
    .command('agents')
    .description(COMMAND_SUMMARIES.agents.summary)
    .option('--db <file>', dbHelp)
    .addOption(formatOption())
    .addOption(jsonOption())
    .option('--revoke <agentId>', 'revoke this agent')
    .action((o: FormatFlags & { db?: string; revoke?: string }) =>
      withStore(o.db, o.revoke ? 'write' : 'read', (s) => {
        if (o.revoke) {
          if (!s.revokeAgent(o.revoke)) throw new Error(`no active agent with id ${o.revoke}`);
          return console.log(`agent ${o.revoke} revoked`);
        }
        printRows(formatOf(o), s.listAgents(), [
          { key: 'id', title: 'agent' },
          { key: 'hostname', title: 'hostname' },
          { key: 'version', title: 'version' },
          { key: 'enrolledAt', title: 'enrolled' },
          { key: 'lastSeen', title: 'last seen' },
          { key: 'assets', title: 'assets' },
          { key: 'revokedAt', title: 'revoked' },
          // A revoked agent that keeps trying: a machine someone has to see to.
          { key: 'refused', title: 'tried since' },
          { key: 'lastRefused', title: 'last tried' },
        ]);
      }),
    );
}
