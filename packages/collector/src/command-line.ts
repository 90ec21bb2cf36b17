// The `coverscan` program, built for one run: the command named on the command line is loaded and
// registered in full; every other is only listed (name, usage, summary from command-summaries.ts) for
// `--help` and for commander's unknown-command hint. The bundle is one file, so this is what keeps a
// command from paying for the others: their modules initialize only when imported (esbuild wraps a
// dynamically imported module in a lazy initializer), and the heavy dependencies they need load on
// first use (lazy-require.ts).
import { Command, Help } from 'commander';
import { COMMAND_SUMMARIES, type CommandName } from './command-summaries';
import { COLLECTOR_VERSION } from './version';

type Register = (program: Command) => void;

/** Every command in the order `--help` lists them, with the module that registers it. */
const LOADERS: Record<CommandName, () => Promise<Register>> = {
  check: async () => (await import('./commands/check')).registerCheck,
  serve: async () => (await import('./commands/serve')).registerServe,
  enroll: async () => (await import('./commands/enroll')).registerEnroll,
  agents: async () => (await import('./commands/agents')).registerAgents,
  report: async () => (await import('./commands/report')).registerReport,
  findings: async () => (await import('./commands/findings')).registerFindings,
  sweep: async () => (await import('./commands/sweep')).registerSweep,
  demo: async () => (await import('./commands/demo')).registerDemo,
  backup: async () => (await import('./commands/backup')).registerBackup,
  catalog: async () => (await import('./commands/catalog')).registerCatalog,
  assets: async () => (await import('./commands/assets')).registerAssets,
  site: async () => (await import('./commands/site')).registerSite,
  admin: async () => (await import('./commands/admin')).registerAdmin,
  token: async () => (await import('./commands/token')).registerToken,
  pack: async () => (await import('./commands/pack')).registerPack,
  credentials: async () => (await import('./commands/credentials')).registerCredentials,
  'sweep-job': async () => (await import('./commands/sweep-job')).registerSweepJob,
};

/** Hidden commands, and the command whose module registers each (serve's report worker thread). */
const HIDDEN: Record<string, CommandName> = { '__report-worker': 'serve' };

const NAMES = Object.keys(LOADERS) as CommandName[];
const isName = (s: string | undefined): s is CommandName => s !== undefined && s in LOADERS;

/** The command an argument list runs (or asks help for): the first word, or the word after `help`. */
export function commandOf(args: string[]): CommandName | null {
  const words = args.filter((a) => !a.startsWith('-'));
  const first = words[0] === 'help' ? words[1] : words[0];
  if (first !== undefined && first in HIDDEN) return HIDDEN[first];
  return isName(first) ? first : null;
}

function base(): Command {
  return new Command('coverscan')
    .description('Find equipment and software from vendors on US restriction lists')
    .version(COLLECTOR_VERSION)
    .showHelpAfterError();
}

/** The program for `process.argv`: the named command in full, the others listed. */
export async function collectorProgram(argv: string[]): Promise<Command> {
  const program = base();
  const wanted = commandOf(argv.slice(2));
  const listed = new Set<Command>();
  const defaultHelp = new Help();
  program.configureHelp({
    subcommandTerm: (c) =>
      listed.has(c) ? COMMAND_SUMMARIES[c.name() as CommandName].term : defaultHelp.subcommandTerm(c),
  });
  for (const name of NAMES) {
    if (name === wanted) (await LOADERS[name]())(program);
    else listed.add(program.command(name).description(COMMAND_SUMMARIES[name].summary));
  }
  return program;
}

/** Every command loaded and registered (what `--help` must list the same as collectorProgram does). */
export async function fullProgram(): Promise<Command> {
  const program = base();
  for (const name of NAMES) (await LOADERS[name]())(program);
  return program;
}
