// The commands coverscan suggests (to enroll, to report) are written the way this process was started,
// so they run as printed: `pnpm coverscan …` from the repository's scripts, `coverscan …` when the
// command is installed on PATH, else `node path/to/coverscan.js …`.
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, relative } from 'node:path';

type Tool = 'coverscan' | 'coverscan-agent';

/** The file a command name runs from PATH, resolved, or null. */
function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (existsSync(p)) return realpathSync(p);
  }
  return null;
}

/** Where the tool's bundle sits beside this one in the repository layout (packages/<pkg>/dist/). */
function bundle(tool: Tool): string | null {
  const self = process.argv[1] ? realpathSync(process.argv[1]) : null;
  if (!self) return null;
  if (tool === 'coverscan') return self;
  const agent = join(dirname(self), '../../agent/dist/coverscan-agent.js');
  return existsSync(agent) ? agent : null;
}

/** A word as a POSIX shell reads it back unchanged. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The words that start `tool` the way this process was started. */
export function toolPrefix(tool: Tool): string[] {
  const script = process.env.npm_lifecycle_event;
  if (script === 'coverscan' || script === 'coverscan-agent') {
    const agent = process.env.npm_config_user_agent ?? '';
    if (agent.startsWith('npm/')) return ['npm', 'run', '--silent', tool, '--'];
    return [agent.startsWith('yarn/') ? 'yarn' : 'pnpm', tool];
  }
  const file = bundle(tool);
  const installed = onPath(tool);
  if (installed && (!file || installed === file)) return [tool];
  if (!file) return [tool];
  const rel = relative(process.cwd(), file);
  return ['node', rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file];
}

/** A command line for `tool` with these arguments, quoted for a POSIX shell. */
export function commandLine(tool: Tool, ...args: string[]): string {
  return [...toolPrefix(tool), ...args].map(shellWord).join(' ');
}
