// `coverscan`: the collector's command line. Each subcommand lives in commands/<name>.ts.
import { Command } from 'commander';
import { registerAdmin } from './commands/admin';
import { registerAgents } from './commands/agents';
import { registerAssets } from './commands/assets';
import { registerBackup } from './commands/backup';
import { registerCatalog } from './commands/catalog';
import { registerCheck } from './commands/check';
import { registerCredentials } from './commands/credentials';
import { registerDemo } from './commands/demo';
import { registerEnroll } from './commands/enroll';
import { registerFindings } from './commands/findings';
import { registerPack } from './commands/pack';
import { registerReport } from './commands/report';
import { registerServe } from './commands/serve';
import { registerSite } from './commands/site';
import { registerSweep } from './commands/sweep';
import { registerSweepJob } from './commands/sweep-job';
import { registerToken } from './commands/token';
import { UsageError } from './usage-error';
import { COLLECTOR_VERSION } from './version';

const program = new Command('coverscan')
  .description('Find equipment and software from vendors on US restriction lists')
  .version(COLLECTOR_VERSION)
  .showHelpAfterError();

registerCheck(program);
registerServe(program);
registerEnroll(program);
registerAgents(program);
registerReport(program);
registerFindings(program);
registerSweep(program);
registerDemo(program);
registerBackup(program);
registerCatalog(program);
registerAssets(program);
registerSite(program);
registerAdmin(program);
registerToken(program);
registerPack(program);
registerCredentials(program);
registerSweepJob(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`coverscan: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? err.exitCode : 1);
});
