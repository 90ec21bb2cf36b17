// `coverscan-agent inventory [--format table|json|csv]`: collect and judge locally. The table is the
// readable summary; json is {inventory, assets}; csv is one record per judged asset.

import { type Command, Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { collect } from '../collect';
import { type JudgedAsset, judgeInventory } from '../local-verdict';
import { formatSummary } from '../summary';

function assetRecord({ asset, verdict }: JudgedAsset) {
  return {
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
  };
}

const csvColumns = [
  'kind',
  'hostname',
  'vendor',
  'model',
  'serial',
  'mac',
  'ip',
  'attachedTo',
  'verdict',
  'entity',
  'reason',
  'lists',
  'evidence',
];

function toCsv(judged: JudgedAsset[]): string {
  return stringify(
    judged.map((j) => {
      const r = assetRecord(j);
      return {
        ...r,
        attachedTo: r.attachedTo ? `${r.attachedTo.type} ${r.attachedTo.value}` : null,
        lists: r.lists.map((l) => l.name).join('; '),
        evidence: r.evidence.map((e) => `[${e.strength}] ${e.rule}`).join('; '),
      };
    }),
    { header: true, columns: csvColumns },
  );
}

export function registerInventory(program: Command): void {
  program
    .command('inventory')
    .description('collect this machine’s inventory and judge it locally (no collector needed)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .addOption(new Option('--json', 'the same as --format json: {inventory, assets}').conflicts('format'))
    .option('--timeout <ms>', 'time limit per collector', (v) => Number.parseInt(v, 10), 8000)
    .action(async (opts: { format: 'table' | 'json' | 'csv'; json?: boolean; timeout: number }) => {
      const inv = await collect({ timeoutMs: opts.timeout });
      const judged = judgeInventory(inv);
      const format = opts.json ? 'json' : opts.format;
      if (format === 'json')
        process.stdout.write(`${JSON.stringify({ inventory: inv, assets: judged.map(assetRecord) })}\n`);
      else if (format === 'csv') process.stdout.write(toCsv(judged));
      else process.stdout.write(`${formatSummary(inv, judged)}\n`);
    });
}
