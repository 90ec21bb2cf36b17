// `coverscan-agent`: endpoint inventory, local verdicts, spooled delivery to a collector.
import './heap-tuning';
import { Command } from 'commander';
import { ConfigError } from './agent-config';
import { registerInventory } from './commands/inventory';
import { registerOnce } from './commands/once';
import { registerRun } from './commands/run';
import { installLazyOui } from './oui-lazy';
import { AGENT_VERSION } from './version';

const program = new Command('coverscan-agent')
  .description('coverscan endpoint agent')
  .version(AGENT_VERSION)
  .showHelpAfterError();

// `coverscan-agent inventory --json | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
installLazyOui();
registerInventory(program);
registerOnce(program);
registerRun(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`coverscan-agent: ${err instanceof Error ? err.message : String(err)}`);
  // 78 (EX_CONFIG, sysexits.h): the service manager does not restart an agent whose settings are wrong.
  process.exit(err instanceof ConfigError ? 78 : 1);
});
