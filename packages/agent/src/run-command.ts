// Spawning a helper program (rpm, snap, PowerShell, ...) with a time limit. A program that is not
// installed is not an error: that package manager simply is not on this machine.
import { execFile } from 'node:child_process';

export interface CommandResult {
  stdout: string;
}

/** stdout of the command, or null when the program does not exist. Other failures throw. */
export function runCommand(
  file: string,
  args: string[],
  opts: { timeoutMs?: number; maxBytes?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<string | null> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        timeout: opts.timeoutMs ?? 10_000,
        maxBuffer: opts.maxBytes ?? 64 * 1024 * 1024,
        encoding: 'utf8',
        windowsHide: true,
        env: opts.env ?? { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' },
      },
      (err, stdout, stderr) => {
        if (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(null);
          const why = stderr?.trim().split('\n')[0] || err.message;
          return reject(new Error(`${file} ${args.join(' ')}: ${why}`));
        }
        resolve(stdout);
      },
    );
  });
}
