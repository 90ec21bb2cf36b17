// `coverscan-agent`: endpoint inventory, local verdicts, spooled delivery to a collector.
import { Command } from 'commander';

const program = new Command('coverscan-agent').description('coverscan endpoint agent').showHelpAfterError();

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`coverscan-agent: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
