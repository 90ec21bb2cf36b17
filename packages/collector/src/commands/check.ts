// `coverscan check IDENTIFIER... [--json]`: classify vendor strings, OIDs, MACs, USB ids, software.
import { type CheckResult, check, loadCatalog, type PolicyId, policy, policyIds } from '@coverscan/shared';
import type { Command } from 'commander';

function toJson(r: CheckResult) {
  return {
    input: r.input,
    kind: r.kind,
    verdict: r.verdict,
    entity: r.entity,
    entityName: r.entityName,
    reason: r.reason,
    lists: r.lists,
    evidence: r.evidence,
  };
}

function toText(r: CheckResult): string {
  const head = `${r.input}  [${r.kind}]  ${r.verdict.toUpperCase()}${r.entity ? `  ${r.entityName}` : ''}`;
  const lines = [head, `  why: ${r.reason}`];
  for (const l of r.lists)
    lines.push(
      `  list: ${l.name}${l.category ? `, category ${l.category}` : ''} (${l.status}, added ${l.added}) — ${l.source}`,
    );
  for (const e of r.evidence) lines.push(`  evidence [${e.strength}]: ${e.rule} — ${e.ruleSource}`);
  return lines.join('\n');
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('classify identifiers: vendor string, sysObjectID, MAC, USB vvvv:pppp, software name')
    .argument('<identifier...>')
    .option('--json', 'print one JSON array, one object per identifier in input order')
    .option('--policy <id>', `lists that count: ${policyIds.join(', ')}`, 'default')
    .action((ids: string[], opts: { json?: boolean; policy: string }) => {
      if (!(policyIds as readonly string[]).includes(opts.policy))
        throw new Error(`unknown policy "${opts.policy}" (choose ${policyIds.join(', ')})`);
      const pol = policy(loadCatalog(), opts.policy as PolicyId);
      const results = ids.map((id) => check(id, { policy: pol }));
      if (opts.json) console.log(JSON.stringify(results.map(toJson), null, 2));
      else console.log(results.map(toText).join('\n\n'));
    });
}
