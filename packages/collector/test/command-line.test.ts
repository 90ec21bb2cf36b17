// The command line loads only the command it runs (command-line.ts): `--help` still lists every command
// exactly as the fully loaded program does, each command named on the command line is registered in full,
// and the built CLI's `--version` and `--help` load none of the commands' heavy dependencies.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectorProgram, commandOf, fullProgram } from '../src/command-line';
import { COMMAND_SUMMARIES, type CommandName } from '../src/command-summaries';

const cli = new URL('../dist/coverscan.js', import.meta.url).pathname;
const names = Object.keys(COMMAND_SUMMARIES) as CommandName[];

describe('the command line, one command loaded', () => {
  it('lists every command in --help as the fully loaded program does', async () => {
    const lazy = await collectorProgram(['node', 'coverscan']);
    const full = await fullProgram();
    expect(lazy.helpInformation()).toBe(full.helpInformation());
    for (const n of names) expect(lazy.helpInformation()).toContain(COMMAND_SUMMARIES[n].term);
  });

  it('registers the command it runs in full, options and subcommands', async () => {
    const full = await fullProgram();
    for (const n of names) {
      const lazy = await collectorProgram(['node', 'coverscan', n, '--db', 'x.db']);
      const want = full.commands.find((c) => c.name() === n);
      const got = lazy.commands.find((c) => c.name() === n);
      expect(got?.helpInformation(), n).toBe(want?.helpInformation());
      expect(got?.commands.map((c) => c.name())).toEqual(want?.commands.map((c) => c.name()));
    }
  });

  it('finds the command in an argument list', () => {
    expect(commandOf(['report', '--format', 'json'])).toBe('report');
    expect(commandOf(['--version'])).toBeNull();
    expect(commandOf(['help', 'sweep-job'])).toBe('sweep-job');
    expect(commandOf(['enroll', 'create'])).toBe('enroll');
    expect(commandOf(['__report-worker'])).toBe('serve');
    expect(commandOf(['reprot'])).toBeNull();
  });

  it('starts --version and --help without loading SQLite, the web server, the logger or the progress bar', () => {
    // Preloaded into the built CLI: at exit, the CommonJS packages the run loaded.
    const dir = mkdtempSync(join(tmpdir(), 'coverscan-cli-load-'));
    const probe = join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));`,
    );
    const loaded = (args: string[]) => {
      const r = spawnSync(process.execPath, ['--require', probe, cli, ...args], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED ')) ?? 'LOADED []';
      return (JSON.parse(line.slice(7)) as string[]).join('\n');
    };
    for (const args of [['--version'], ['--help']]) {
      const files = loaded(args);
      for (const dep of ['better-sqlite3', 'ws', 'pino', 'cli-progress', 'croner', 'csv-stringify'])
        expect(files, `${args[0]} loaded ${dep}`).not.toContain(`/node_modules/${dep}/`);
    }
    // The probe sees what a command does load: `enroll create` opens its database.
    const db = join(dir, 'c.db');
    const r = spawnSync(process.execPath, ['--require', probe, cli, 'enroll', 'create', '--db', db], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('/node_modules/better-sqlite3/');
  });
});
