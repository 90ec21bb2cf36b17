// `coverscan check IDENTIFIER... [--format table|json|csv] [--policy P]`: classify vendor strings, OIDs,
// MACs, USB ids, software. Exit 0: nothing covered; 1: something covered; 2: bad input (nothing judged).
import {
  type CheckResult,
  check,
  identifierProblem,
  loadCatalog,
  type PolicyId,
  policy,
  policyIds,
} from '@coverscan/shared';
import { type Command, Option } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { type FormatFlags, formatOf, formatOption, jsonOption, toCsv } from '../output-format';
import { UsageError } from '../usage-error';

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

function toCsvRow(r: CheckResult) {
  return {
    ...toJson(r),
    lists: r.lists.map((l) => `${l.name} (${l.status}, added ${l.added})`).join('; '),
    evidence: r.evidence.map((e) => `[${e.strength}] ${e.rule}`).join('; '),
  };
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(COMMAND_SUMMARIES.check.summary)
    .argument('<identifier...>')
    .addOption(formatOption())
    .addOption(jsonOption())
    .addOption(new Option('--policy <id>', 'lists that count').choices(policyIds).default('default'))
    // A usage error must not read as "covered" (exit 1) to a script.
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
    .action((ids: string[], opts: FormatFlags & { policy: PolicyId }) => {
      const problems = ids.map(identifierProblem).filter((p) => p !== null);
      if (problems.length) throw new UsageError(`nothing checked: ${problems.join('; ')}`);
      const pol = policy(loadCatalog(), opts.policy);
      const results = ids.map((id) => check(id, { policy: pol }));
      const format = formatOf(opts);
      if (format === 'json') console.log(JSON.stringify(results.map(toJson), null, 2));
      else if (format === 'csv')
        process.stdout.write(
          toCsv(results.map(toCsvRow), [
            'input',
            'kind',
            'verdict',
            'entity',
            'entityName',
            'reason',
            'lists',
            'evidence',
          ]),
        );
      else console.log(results.map(toText).join('\n\n'));
      if (results.some((r) => r.verdict === 'covered')) process.exitCode = 1;
    });
}
