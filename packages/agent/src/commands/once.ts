// `coverscan-agent once --collector URL [--enroll-secret S] [--state-dir D]`: collect, spool, deliver
// everything unacknowledged, wait for the acks. Exit 0 when all were acked, 2 when the collector
// refuses this agent or its key could not be kept, 1 when it cannot be reached (the reports stay in
// the spool).
import type { Command } from 'commander';
import { forgetEnrollSecret } from '../agent-config';
import { collect } from '../collect';
import { deliver, RefusedError } from '../deliver';
import { addDeliveryOptions, type DeliveryCliOptions, resolveDelivery } from '../delivery-options';
import { refusalHint } from '../refusal-hint';
import { spoolInventory } from '../report';
import { describeDrain } from '../session';
import { StateError } from '../state';

export function registerOnce(program: Command): void {
  addDeliveryOptions(
    program.command('once').description('collect one inventory and deliver it, waiting for the ack'),
  )
    .option('--no-collect', 'only deliver what is already spooled')
    .action(async (o: DeliveryCliOptions & { collect: boolean }) => {
      const { stateDir, spool, enrollSecret } = resolveDelivery(o);
      if (o.collect) spoolInventory(spool, await collect({ timeoutMs: o.timeout }));
      try {
        const r = await deliver({
          url: o.collector,
          stateDir,
          spool,
          enrollSecret,
          caFile: o.ca,
          log: (m) => console.error(m),
        });
        forgetEnrollSecret(stateDir);
        console.error(describeDrain(r, r.agentId));
        if (r.rejected) process.exitCode = 2;
      } catch (e) {
        const left = spool.list().length;
        console.error(`coverscan-agent: ${(e as Error).message}; ${left} report(s) kept in ${spool.dir}`);
        const hint = e instanceof RefusedError ? refusalHint(e.code, stateDir, o.collector) : null;
        if (hint) console.error(`coverscan-agent: ${hint}`);
        // 2: retrying will not help (refused, or nowhere to keep a key); 1: try again later.
        process.exitCode = e instanceof RefusedError || e instanceof StateError ? 2 : 1;
      }
    });
}
