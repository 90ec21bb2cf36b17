// `coverscan demo`: the main job on an embedded default. Serves a small simulated branch office
// (packages/collector/demo/network) on loopback, sweeps it with the real `coverscan sweep`, and
// prints `coverscan report`, so a newcomer sees findings and their evidence with nothing to set up.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SimulatedNetwork } from '@coverscan/sweep/simulator/agent';
import { parseSnmprec } from '@coverscan/sweep/simulator/snmprec';
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { commandLine } from '../invocation';
import { type FormatFlags, formatOf, formatOption, jsonOption } from '../output-format';
import { policyOption } from '../policy-option';
import { runDashboardDemo } from './demo-dashboard';

/** The recordings ship beside the package; found from the bundle (dist/) and from the sources (src/commands/). */
function recordingsDir(): string {
  for (const rel of ['../demo/network/', '../../demo/network/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  throw new Error('demo recordings not found (packages/collector/demo/network)');
}

function run(args: string[]): Promise<number> {
  console.error(`$ ${commandLine('coverscan', ...args)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1], ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(COMMAND_SUMMARIES.demo.summary)
    .option('--db <file>', 'database to fill', 'coverscan-demo.db')
    .option('--port <n>', 'UDP port of the simulated agents', '16661')
    .option(
      '--serve',
      'then serve the dashboard on a temporary database with this machine agent reported, until Ctrl-C',
    )
    .option(
      '--listen <host:port>',
      'with --serve: where the dashboard listens (port 0: any free port)',
      '127.0.0.1:0',
    )
    .addOption(formatOption())
    .addOption(jsonOption())
    .addOption(policyOption())
    .action(
      async (
        opts: FormatFlags & { db: string; port: string; policy?: string; serve?: boolean; listen: string },
      ) => {
        const dir = recordingsDir();
        const files = readdirSync(dir)
          .filter((f) => f.endsWith('.snmprec'))
          .sort();
        const devices = files.map((f, i) => ({
          address: `127.66.0.${i + 1}`,
          records: parseSnmprec(readFileSync(dir + f, 'latin1')),
        }));
        const port = Number(opts.port);
        const net = await SimulatedNetwork.start(devices, port);
        const range = `127.66.0.1-127.66.0.${devices.length}`;
        if (opts.serve) {
          for (const [i, f] of files.entries())
            console.error(`simulated ${devices[i].address}:${port}  ${f}`);
          return runDashboardDemo({
            range,
            snmpPort: port,
            listen: opts.listen,
            closeNetwork: () => net.close(),
          });
        }
        try {
          for (const [i, f] of files.entries())
            console.error(`simulated ${devices[i].address}:${port}  ${f}`);
          const policy = opts.policy ? ['--policy', opts.policy] : [];
          const swept = await run(['sweep', range, '--snmp-port', String(port), '--db', opts.db, ...policy]);
          if (swept !== 0) throw new Error(`sweep exited with ${swept}`);
          const reported = await run(['report', '--db', opts.db, '--format', formatOf(opts)]);
          if (reported !== 0) throw new Error(`report exited with ${reported}`);
          console.error(
            `\nThe findings are in ${opts.db}: ${commandLine('coverscan', 'report', '--db', opts.db, '--format', 'json')}`,
          );
        } finally {
          net.close();
        }
      },
    );
}
