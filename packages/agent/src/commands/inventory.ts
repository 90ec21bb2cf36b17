// `coverscan-agent inventory [--json]`: collect and judge locally.
import type { Command } from 'commander';
import { collect } from '../collect';
import { judgeInventory } from '../local-verdict';
import { formatSummary } from '../summary';

export function registerInventory(program: Command): void {
  program
    .command('inventory')
    .description('collect this machine’s inventory and judge it locally (no collector needed)')
    .option('--json', 'print {inventory, assets} as JSON')
    .option('--timeout <ms>', 'time limit per collector', (v) => Number.parseInt(v, 10), 8000)
    .action(async (opts: { json?: boolean; timeout: number }) => {
      const inv = await collect({ timeoutMs: opts.timeout });
      const judged = judgeInventory(inv);
      if (opts.json) {
        const assets = judged.map(({ asset, verdict }) => ({
          kind: asset.kind,
          hostname: asset.hostname,
          vendor: asset.vendor,
          model: asset.model,
          serial: asset.serial,
          mac: asset.mac,
          ip: asset.ip,
          attachedTo: asset.attachedTo ?? null,
          verdict: verdict.verdict,
          entity: verdict.entity,
          reason: verdict.reason,
          lists: verdict.lists,
          evidence: verdict.evidence,
        }));
        process.stdout.write(`${JSON.stringify({ inventory: inv, assets })}\n`);
      } else process.stdout.write(`${formatSummary(inv, judged)}\n`);
    });
}
