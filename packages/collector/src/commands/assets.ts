// `coverscan assets stale-after [DURATION]` and `coverscan assets prune --older-than DURATION [--dry-run]`:
// the life cycle of assets that are no longer seen.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbHelp } from '../db-option';
import { parseDuration } from '../duration';
import { type FormatFlags, formatOf, formatOption, jsonOption, printRows } from '../output-format';
import { pruneAssets } from '../store/prune';
import { setStaleAfter, staleAfter } from '../store/staleness';
import { withStore } from '../with-store';

/** Shorter than this is a typo or a sweep still running, not assets that are gone. */
const MIN_PRUNE_MS = 86_400_000;

export function registerAssets(program: Command): void {
  const a = program.command('assets').description(COMMAND_SUMMARIES.assets.summary);
  a.command('stale-after')
    .description('show or set how long an asset may go unseen before it is stale (default 30d)')
    .argument('[duration]', 'e.g. 30d, 2w, 36h')
    .option('--db <file>', dbHelp)
    .action((d: string | undefined, o: { db?: string }) =>
      withStore(o.db, d ? 'write' : 'read', (s) => {
        if (d) setStaleAfter(s.settings, d);
        const c = s.counts();
        console.log(
          `assets not seen for ${staleAfter(s.settings)} are stale: ${c.staleAssets} of ${c.assets} now`,
        );
      }),
    );
  a.command('prune')
    .description('remove assets not seen for longer than a duration; each removal is kept in the audit log')
    .requiredOption('--older-than <duration>', 'not seen for longer than this, e.g. 90d (at least 1d)')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .addOption(formatOption('how the removed assets are listed'))
    .addOption(jsonOption())
    .option('--by <name>', 'who removes them (default $COVERSCAN_USER or the login name)')
    .option('--db <file>', dbHelp)
    .action((o: FormatFlags & { olderThan: string; dryRun?: boolean; by?: string; db?: string }) => {
      const ms = parseDuration(o.olderThan);
      if (ms < MIN_PRUNE_MS)
        throw new Error(
          `--older-than ${o.olderThan} is less than a day: assets of a running sweep or an agent between reports would go`,
        );
      const before = new Date(Date.now() - ms).toISOString();
      withStore(o.db, o.dryRun ? 'read' : 'write', (s) => {
        const gone = pruneAssets(s, before, {
          dryRun: o.dryRun,
          by: o.by ?? (process.env.COVERSCAN_USER || userInfo().username),
        });
        printRows(formatOf(o), gone, [
          { key: 'id', title: 'id' },
          { key: 'kind', title: 'kind' },
          { key: 'verdict', title: 'verdict' },
          { key: 'entity', title: 'entity' },
          { key: 'hostname', title: 'hostname' },
          { key: 'ip', title: 'ip' },
          { key: 'mac', title: 'mac' },
          { key: 'vendor', title: 'vendor' },
          { key: 'lastSeen', title: 'last seen' },
        ]);
        console.error(
          o.dryRun
            ? `${gone.length} asset(s) not seen since ${before} would be removed (dry run: nothing removed)`
            : `${gone.length} asset(s) not seen since ${before} removed; the audit log keeps each one`,
        );
      });
    });
}
