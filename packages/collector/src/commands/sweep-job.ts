// `coverscan sweep-job add --site NAME TARGETS... [--exclude CIDR]... [--snmp-port N] [--credentials PROFILE]
//  [--rate PPS] [--schedule CRON] [--on collector|agent]` prints the job id; `sweep-job list [--runs]`,
// `sweep-job run ID` (a collector job runs here and now; an agent job goes to its site's sweeper as soon
// as one is connected), `sweep-job remove ID`.
import { confirmSize, parseTargets } from '@coverscan/sweep/targets';
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbFile, dbHelp } from '../db-option';
import { interruptible } from '../interrupt';
import { stderrLogger } from '../logger';
import { collect, intOption } from '../option-values';
import { type FormatFlags, formatOf, formatOption, jsonOption, printRows } from '../output-format';
import { CredentialProfileError, credentialProfileId } from '../store/credential-profiles';
import { SecretError } from '../store/secret-box';
import {
  addSweepJob,
  getSweepJob,
  listSweepJobs,
  listSweepRuns,
  type RunOn,
  removeSweepJob,
  requestSweepJob,
  SweepJobError,
} from '../store/sweep-jobs';
import { runJobOnCollector } from '../sweep-job-run';
import { progressView } from '../sweep-progress';
import { checkSchedule } from '../sweep-schedule';
import { refusedAsUsage, UsageError } from '../usage-error';
import { openStore, withStore } from '../with-store';

interface AddFlags {
  site: string;
  exclude: string[];
  snmpPort: string;
  credentials?: string;
  rate: string;
  schedule?: string;
  on: string;
  yes?: boolean;
  db?: string;
}

const refused = [SweepJobError, CredentialProfileError, SecretError];
const asUsage = <T>(fn: () => T): T => refusedAsUsage(fn, ...refused);

function jobId(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`a sweep job id is a number (coverscan sweep-job list), got "${text}"`);
  return n;
}

export function registerSweepJob(program: Command): void {
  const cmd = program.command('sweep-job').description(COMMAND_SUMMARIES['sweep-job'].summary);
  cmd
    .command('add')
    .description('add a sweep job; prints its id')
    .requiredOption('--site <name>', 'the site the job sweeps for (coverscan site add)')
    .argument('<targets...>', 'addresses, CIDRs, ranges a.b.c.d-e.f.g.h, or @file')
    .option('--exclude <cidr>', 'addresses to leave out, repeatable', collect, [])
    .option('--snmp-port <n>', 'UDP port of the agents', '161')
    .option(
      '--credentials <profile>',
      'a credentials profile (coverscan credentials add); default community public',
    )
    .option('--rate <pps>', 'ceiling on packets per second', '100000')
    .option(
      '--schedule <cron>',
      'when it runs, a cron expression in the collector\'s local time, e.g. "0 2 * * *"; none: only by sweep-job run',
    )
    .option(
      '--on <where>',
      'collector (this machine) or agent (a sweeper enrolled for the site)',
      'collector',
    )
    .option('--yes', 'a job of more than a /16 (65,536 addresses)')
    .option('--db <file>', dbHelp)
    .action((targets: string[], f: AddFlags) => {
      if (f.on !== 'collector' && f.on !== 'agent') throw new UsageError('--on is collector or agent');
      // Checked now, not when it first fires at 2 a.m.
      const set = asUsage(() => {
        try {
          return parseTargets(targets, f.exclude);
        } catch (e) {
          throw new SweepJobError((e as Error).message);
        }
      });
      confirmSize(set, !!f.yes);
      const snmpPort = intOption('--snmp-port', f.snmpPort, 1, 65535);
      const rate = intOption('--rate', f.rate, 1, 10_000_000);
      if (f.schedule !== undefined)
        asUsage(() => {
          try {
            checkSchedule(f.schedule!);
          } catch (e) {
            throw new SweepJobError((e as Error).message);
          }
        });
      withStore(f.db, 'create', (s) => {
        const id = asUsage(() =>
          addSweepJob(
            s.db,
            {
              site: f.site,
              targets,
              excludes: f.exclude,
              snmpPort,
              credentialsId: f.credentials ? credentialProfileId(s.db, f.credentials) : null,
              rate,
              schedule: f.schedule ?? null,
              runOn: f.on as RunOn,
            },
            new Date().toISOString(),
          ),
        );
        console.log(id);
      });
    });
  cmd
    .command('list')
    .description('list the jobs with their last run; --runs lists the runs')
    .option('--site <name>', "only this site's jobs")
    .option('--runs', 'list the runs (who swept, how it ended, counts) instead of the jobs')
    .option('--db <file>', dbHelp)
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((o: FormatFlags & { db?: string; site?: string; runs?: boolean }) =>
      withStore(o.db, 'read', (s) => {
        const format = formatOf(o);
        if (o.runs) {
          const runs = listSweepRuns(s.db).filter((r) => !o.site || r.site === o.site);
          printRows(
            format,
            format === 'json'
              ? runs
              : runs.map((r) => ({
                  ...r,
                  // The sweeper holds the job until its spool's undelivered sweep parts drain (agent spool.ts).
                  status:
                    r.status === 'running' && r.progress?.waitingForSpool
                      ? 'running (sweeper spool full)'
                      : r.status,
                  responders: r.counters?.responders ?? r.progress?.responders ?? '',
                  identified: r.counters?.identified ?? r.progress?.identified ?? '',
                  assets: r.counters?.assetsStored ?? '',
                })),
            [
              { key: 'id', title: 'run' },
              { key: 'jobId', title: 'job' },
              { key: 'site', title: 'site' },
              { key: 'sweeper', title: 'sweeper' },
              { key: 'status', title: 'status' },
              { key: 'responders', title: 'responders' },
              { key: 'identified', title: 'identified' },
              { key: 'assets', title: 'assets' },
              { key: 'startedAt', title: 'started' },
              { key: 'finishedAt', title: 'finished' },
            ],
            'no runs yet',
          );
          return;
        }
        const jobs = listSweepJobs(s.db, o.site);
        printRows(
          format,
          format === 'json'
            ? jobs
            : jobs.map((j) => ({
                ...j,
                targets: [...j.targets, ...j.excludes.map((x) => `-${x}`)].join(' '),
                schedule: j.schedule ?? '(by hand)',
                credentials: j.credentials ?? '(public)',
                last: j.last ? `#${j.last.runId} ${j.last.status} ${j.last.startedAt}` : '',
              })),
          [
            { key: 'id', title: 'job' },
            { key: 'site', title: 'site' },
            { key: 'targets', title: 'targets' },
            { key: 'snmpPort', title: 'port' },
            { key: 'credentials', title: 'credentials' },
            { key: 'schedule', title: 'schedule' },
            { key: 'runOn', title: 'on' },
            { key: 'last', title: 'last run' },
          ],
          'no sweep jobs (coverscan sweep-job add --site NAME TARGETS...)',
        );
      }),
    );
  cmd
    .command('run')
    .description(
      "run a job now: a collector job here, an agent job on its site's sweeper when one is connected",
    )
    .argument('<id>', 'the job id')
    .option('--db <file>', dbHelp)
    .action(async (idText: string, o: { db?: string }) => {
      const id = jobId(idText);
      const store = openStore(o.db, 'write');
      try {
        const job = asUsage(() => getSweepJob(store.db, id));
        if (job.runOn === 'agent') {
          requestSweepJob(store.db, id, new Date().toISOString());
          console.log(`sweep job #${id} goes to a sweeper of site ${job.site} as soon as one is connected`);
          return;
        }
        const progress = progressView(process.stderr, true);
        const stop = interruptible(() => {
          progress.stop();
          process.stderr.write('\ninterrupted: stopping the sweep and storing what it found so far\n');
        });
        try {
          const run = await runJobOnCollector(store, dbFile(o.db), job, {
            log: stderrLogger(),
            signal: stop.signal,
            onProgress: (p) => progress.update(p),
          }).catch((e: unknown) =>
            asUsage(() => {
              throw e;
            }),
          );
          progress.stop();
          if (!run)
            throw new UsageError(`sweep job #${id} is running already (coverscan sweep-job list --runs)`);
          const c = run.counters;
          process.stderr.write(
            `sweep job #${id} run #${run.runId} ${run.status}: ${c.responders ?? 0} responders, ${c.identified ?? 0} identified, ${c.assetsStored ?? 0} assets stored, ${c.findings ?? 0} findings\n`,
          );
          if (run.status === 'interrupted') {
            store.close();
            // Identifications cut short may still hold timers and sockets: nothing of theirs is wanted now.
            process.exit(130);
          }
        } finally {
          progress.stop();
          stop.dispose();
        }
      } finally {
        store.close();
      }
    });
  cmd
    .command('remove')
    .description('remove a job (its runs go with it; what it found stays)')
    .argument('<id>', 'the job id')
    .option('--db <file>', dbHelp)
    .action((idText: string, o: { db?: string }) =>
      withStore(o.db, 'write', (s) => {
        const id = jobId(idText);
        asUsage(() => removeSweepJob(s.db, id));
        console.log(`sweep job #${id} removed`);
      }),
    );
}
