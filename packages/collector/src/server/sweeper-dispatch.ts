// Agent sweep jobs for connected sweepers. Every tick, each connected sweeper with no run of ours going
// on gets the first due job of its site: a run and a sweeps row are recorded (one commit), then the job
// goes out with its credentials profile opened. The sweeper sends progress (kept on the run) and its
// results as sweep_report parts, each stored once and acked after commit like an inventory. A sweeper
// whose connection ends, or whose run's lease runs out (run-leases.ts), leaves its running run
// interrupted (the job is due again); parts it delivers
// later still land in that run, and when all have arrived the run ends as the sweeper said.
import type { SweepJobMessage, SweepProgressMessage, SweepReport } from '@coverscan/shared';
import type { Logger } from 'pino';
import type { PreparedDraft } from '../store/prepared-draft';
import { expireRunLeases } from '../store/run-leases';
import type { Store } from '../store/store';
import {
  dueSweepJobs,
  interruptAgentRuns,
  interruptRunsOf,
  recordRunProgress,
  type SweepJob,
  startSweepRun,
} from '../store/sweep-jobs';
import { partReceived, sweeperRun, sweeperSite } from '../store/sweepers';
import { jobCredentials, jobSweepSettings } from '../sweep-job-run';
import type { CommitQueue } from './commit-queue';

interface Sweeper {
  site: string;
  /** The connection it came on: a late close of an older one does not end a newer one. */
  owner: object;
  send: (m: SweepJobMessage) => void;
  /** The run handed to it and not yet complete; null: free for the next due job. */
  runId: number | null;
  /** A run is being recorded for it (between the tick and the commit). */
  starting: boolean;
}

/** How often expired run leases are looked for: a lease is a minute, a write a second would be waste. */
const LEASE_CHECK_MS = 5000;

export type PartOutcome = { kind: 'stored' | 'duplicate' } | { kind: 'refused'; message: string };

export class SweeperDispatch {
  private readonly sweepers = new Map<string, Sweeper>();
  private readonly timer: NodeJS.Timeout;
  private leasesChecked = 0;
  /** Jobs whose credentials could not be opened, logged once each. */
  private readonly unopenable = new Set<number>();

  constructor(
    private readonly store: Store,
    private readonly queue: CommitQueue,
    private readonly log: Logger,
    tickMs = 1000,
  ) {
    // No connection outlives a collector: runs its agents had going when it stopped are interrupted.
    const left = interruptAgentRuns(store.db, new Date().toISOString());
    if (left)
      log.warn(
        { runs: left },
        'sweeper runs left unfinished by the previous collector are marked interrupted',
      );
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  /** The site this agent sweeps for, or null: asked once per connection, for its welcome. */
  siteOf(agentId: string): string | null {
    return sweeperSite(this.store.db, agentId);
  }

  connected(agentId: string, site: string, owner: object, send: (m: SweepJobMessage) => void): void {
    this.sweepers.set(agentId, { site, owner, send, runId: null, starting: false });
    this.log.info({ agentId, site }, 'sweeper connected');
    setImmediate(() => this.tick());
  }

  disconnected(agentId: string, owner: object): void {
    if (this.sweepers.get(agentId)?.owner !== owner) return;
    this.sweepers.delete(agentId);
    this.queue.push(
      () => interruptRunsOf(this.store.db, agentId, new Date().toISOString()),
      (err, n) => {
        if (err)
          this.log.error({ agentId, err: err.message }, "could not mark a gone sweeper's run interrupted");
        else if (n) this.log.warn({ agentId, runs: n }, 'sweeper gone mid-run: run marked interrupted');
      },
    );
  }

  progress(agentId: string, p: SweepProgressMessage): void {
    const { type: _type, runId, ...rest } = p;
    if (!sweeperRun(this.store.db, runId, agentId)) return;
    this.queue.push(
      () => recordRunProgress(this.store.db, runId, rest),
      (err) => err && this.log.error({ agentId, runId, err: err.message }, 'could not record sweep progress'),
    );
  }

  /** Stores one part; `done` runs after commit (then the part may be acked). */
  part(
    agentId: string,
    report: Omit<SweepReport, 'assets'>,
    drafts: PreparedDraft[],
    done: (err: Error | null, outcome?: PartOutcome) => void,
  ): void {
    const run = sweeperRun(this.store.db, report.runId, agentId);
    if (!run) {
      done(null, { kind: 'refused', message: `run #${report.runId} is not one of this sweeper's` });
      return;
    }
    let complete = false;
    this.queue.push(
      () =>
        this.store.ingestSweepPart(agentId, report.reportId, run.sweepId, drafts, (r) => {
          const at = new Date().toISOString();
          complete = partReceived(
            this.store.db,
            run.id,
            {
              parts: report.parts,
              assets: r.assets,
              status: report.status ?? 'done',
              counters: report.counters,
            },
            at,
          );
          if (complete)
            this.store.finishSweep(
              run.sweepId,
              { ...report.counters, parts: report.parts },
              report.status ?? 'done',
            );
        }),
      (err, stored) => {
        if (err) return done(err);
        const s = this.sweepers.get(agentId);
        if (complete) {
          this.log.info(
            { agentId, run: run.id, job: run.jobId, parts: report.parts },
            'sweeper run delivered',
          );
          if (s?.runId === run.id) s.runId = null;
        }
        done(null, { kind: stored ? 'stored' : 'duplicate' });
      },
    );
  }

  close(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    // Runs nobody renews (a sweeper that took a job and never answers, a dead `sweep-job run`) end
    // interrupted and their jobs are due again. The sweeper that holds one stays busy until its
    // connection ends or the run's parts arrive: a hung sweeper is not handed the next job.
    if (Date.now() - this.leasesChecked >= LEASE_CHECK_MS) {
      this.leasesChecked = Date.now();
      this.queue.push(
        () => expireRunLeases(this.store.db, new Date().toISOString()),
        (err, n) => {
          if (err) this.log.error({ err: err.message }, 'could not expire sweep run leases');
          else if (n)
            this.log.warn({ runs: n }, 'sweep runs whose sweeper went silent are marked interrupted');
        },
      );
    }
    for (const [agentId, s] of this.sweepers) {
      if (s.runId !== null || s.starting) continue;
      let job: SweepJob | undefined;
      try {
        job = dueSweepJobs(this.store.db, 'agent', new Date(), s.site)[0];
      } catch (e) {
        this.log.error({ err: (e as Error).message }, 'reading due sweep jobs failed');
        return;
      }
      if (job) this.start(agentId, s, job);
    }
  }

  private start(agentId: string, s: Sweeper, job: SweepJob): void {
    let credentials: SweepJobMessage['credentials'];
    try {
      credentials = jobCredentials(this.store, this.store.db.name, job);
    } catch (e) {
      // Logged without the profile's content: the message is about the key, never the secret.
      if (!this.unopenable.has(job.id))
        this.log.error({ job: job.id, err: (e as Error).message }, 'cannot open the sweep job credentials');
      this.unopenable.add(job.id);
      return;
    }
    s.starting = true;
    this.queue.push(
      () => {
        const sweepId = this.store.startSweep(job.targets, jobSweepSettings(job, agentId));
        const runId = startSweepRun(this.store.db, job.id, agentId, sweepId, new Date().toISOString());
        if (runId === null) this.store.finishSweep(sweepId, {}, 'failed');
        return runId;
      },
      (err, runId) => {
        s.starting = false;
        if (err) return this.log.error({ job: job.id, err: err.message }, 'could not start a sweeper run');
        if (!runId) return; // a run of it is going on elsewhere
        if (this.sweepers.get(agentId) !== s) {
          // Gone between the tick and the commit.
          this.disconnectedRun(agentId);
          return;
        }
        s.runId = runId;
        this.log.info({ agentId, site: s.site, job: job.id, run: runId }, 'sweep job sent to sweeper');
        s.send({
          type: 'sweep_job',
          jobId: job.id,
          runId,
          targets: job.targets,
          excludes: job.excludes,
          snmpPort: job.snmpPort,
          rate: job.rate,
          credentials,
        });
      },
    );
  }

  private disconnectedRun(agentId: string): void {
    this.queue.push(
      () => interruptRunsOf(this.store.db, agentId, new Date().toISOString()),
      () => {},
    );
  }
}
