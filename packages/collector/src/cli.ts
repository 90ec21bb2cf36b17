// `coverscan`: the collector's command line. Each subcommand lives in commands/<name>.ts.
import { Command } from 'commander';
import { registerCheck } from './commands/check';

const program = new Command('coverscan')
  .description('Find equipment and software from vendors on US restriction lists')
  .showHelpAfterError();

registerCheck(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`coverscan: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
