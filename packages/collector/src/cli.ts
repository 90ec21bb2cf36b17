// `coverscan`: the collector's command line. Each subcommand lives in commands/<name>.ts and is loaded
// only when it runs (command-line.ts).
import { collectorProgram } from './command-line';
import { UsageError } from './usage-error';

try {
  const program = await collectorProgram(process.argv);
  await program.parseAsync(process.argv);
} catch (err: unknown) {
  console.error(`coverscan: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? err.exitCode : 1);
}
