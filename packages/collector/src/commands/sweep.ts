// `coverscan sweep TARGET... [--community C]... [--snmp-port N] [--rate PPS] [--timeout MS]
//  [--retries N] [--exclude CIDR]... [--v3-user U --v3-auth-proto P --v3-auth-key K
//  --v3-priv-proto P --v3-priv-key K] [--credentials FILE] [--concurrency N] [--discover-only] [--db FILE]
//  [--cameras [--camera-port NAME=N]... [--camera-multicast [--multicast-interface ADDR]]]`
import type { PolicyId } from '@coverscan/shared';
import { DEFAULT_DEVICE_BYTES } from '@coverscan/sweep/byte-budget';
import { cameraPorts } from '@coverscan/sweep/cameras/camera-ports';
import { resolveCredentials } from '@coverscan/sweep/credentials';
import { runSweep } from '@coverscan/sweep/run';
import { confirmSize, parseTargets } from '@coverscan/sweep/targets';
import { checkV3 } from '@coverscan/sweep/v3';
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbFile, dbHelp } from '../db-option';
import { interruptible } from '../interrupt';
import { judgeDue } from '../judge-due';
import { stderrLogger } from '../logger';
import { collect, intOption } from '../option-values';
import { type FormatFlags, formatOf, formatOption, jsonOption } from '../output-format';
import { policyOption } from '../policy-option';
import { responderListing } from '../responder-listing';
import type { Store } from '../store/store';
import { launchIdFromEnv } from '../sweep-launch';
import { progressView } from '../sweep-progress';
import { storeSweepResult } from '../sweep-result';
import { openStore } from '../with-store';

interface SweepFlags extends FormatFlags {
  community: string[];
  credentials?: string;
  snmpPort: string;
  rate: string;
  timeout: string;
  retries: string;
  exclude: string[];
  v3User?: string;
  v3AuthProto?: string;
  v3AuthKey?: string;
  v3PrivProto?: string;
  v3PrivKey?: string;
  concurrency: string;
  discoverOnly?: boolean;
  yes?: boolean;
  maxRows: string;
  maxDeviceBytes: string;
  deviceTime: string;
  db?: string;
  policy?: PolicyId;
  cameras?: boolean;
  cameraPort: string[];
  cameraMulticast?: boolean;
  multicastInterface?: string;
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description(COMMAND_SUMMARIES.sweep.summary)
    .argument('<targets...>', 'addresses, CIDRs, ranges a.b.c.d-e.f.g.h, or @file (one per line, # comments)')
    .option(
      '--community <c>',
      'SNMP v1/v2c community, repeatable, tried in order (default public)',
      collect,
      [],
    )
    .option('--credentials <file>', 'file with community= / v3-user= / v3-auth-key= ... lines')
    .option('--snmp-port <n>', 'UDP port of the agents', '161')
    .option('--rate <pps>', 'ceiling on packets per second (the sweep paces itself below it)', '100000')
    .option('--timeout <ms>', 'how long to wait for an answer', '1000')
    .option('--retries <n>', 'retries for a silent address or request', '2')
    .option('--exclude <cidr>', 'addresses to leave out, repeatable', collect, [])
    .option('--v3-user <user>', 'SNMPv3 user (also COVERSCAN_V3_USER)')
    .option('--v3-auth-proto <proto>', 'md5, sha, sha224, sha256, sha384, sha512')
    .option('--v3-auth-key <key>', 'SNMPv3 auth passphrase (prefer COVERSCAN_V3_AUTH_KEY or --credentials)')
    .option('--v3-priv-proto <proto>', 'des, aes, aes256b, aes256r')
    .option(
      '--v3-priv-key <key>',
      'SNMPv3 privacy passphrase (prefer COVERSCAN_V3_PRIV_KEY or --credentials)',
    )
    .option('--concurrency <n>', 'devices identified at once', '32')
    .option('--max-rows <n>', 'rows read per table per device', '10000')
    .option(
      '--max-device-bytes <n>',
      'bytes of table rows kept per device; a device over it is stored incomplete, with the reason',
      String(DEFAULT_DEVICE_BYTES),
    )
    .option('--device-time <ms>', 'time budget per device', '60000')
    .option('--discover-only', 'list the responders (address first), identify and store nothing')
    .option('--yes', 'sweep more than a /16 (65,536 addresses)')
    .option(
      '--cameras',
      'also find cameras and recorders: Hikvision SADP, Dahua discovery and ONVIF to every IPv4 target, then the web and RTSP servers of whatever answered (under the same --rate, --timeout and --retries)',
    )
    .option(
      '--camera-port <name=port>',
      'port of a camera protocol, repeatable: sadp (37020), dahua-discovery (37810), onvif (3702), http (80), rtsp (554)',
      collect,
      [],
    )
    .option(
      '--camera-multicast',
      'with --cameras, also send each discovery probe (and its retries) to its multicast group (239.255.255.250, 239.255.255.251): it reaches every device on the local segment, so it is off unless asked; only replies from the targets are kept',
    )
    .option('--multicast-interface <addr>', 'the local address whose interface multicast probes leave from')
    .addOption(formatOption('how --discover-only lists the responders'))
    .addOption(jsonOption())
    .option('--db <file>', dbHelp)
    .addOption(policyOption())
    .action(async (specs: string[], f: SweepFlags) => {
      // Everything is checked before the first packet.
      const format = formatOf(f);
      if (format !== 'table' && !f.discoverOnly)
        throw new Error(
          '--format and --json apply to --discover-only; a full sweep is read with coverscan report',
        );
      const targets = parseTargets(specs, f.exclude);
      confirmSize(targets, !!f.yes);
      const port = intOption('--snmp-port', f.snmpPort, 1, 65535);
      const rate = intOption('--rate', f.rate, 1, 10_000_000);
      const timeoutMs = intOption('--timeout', f.timeout, 1, 600_000);
      const retries = intOption('--retries', f.retries, 0, 20);
      const concurrency = intOption('--concurrency', f.concurrency, 1, 4096);
      const maxRows = intOption('--max-rows', f.maxRows, 1, 10_000_000);
      const maxDeviceBytes = intOption('--max-device-bytes', f.maxDeviceBytes, 64 * 1024, 2 ** 40);
      const deviceBudgetMs = intOption('--device-time', f.deviceTime, 100, 3_600_000);
      if (f.cameras && f.discoverOnly)
        throw new Error('--cameras identifies what answers: it does not combine with --discover-only');
      if ((f.cameraMulticast || f.multicastInterface || f.cameraPort.length) && !f.cameras)
        throw new Error('--camera-port, --camera-multicast and --multicast-interface need --cameras');
      if (f.multicastInterface && !f.cameraMulticast)
        throw new Error('--multicast-interface needs --camera-multicast');
      const cameras = f.cameras
        ? {
            ports: cameraPorts(f.cameraPort),
            ...(f.cameraMulticast ? { multicast: { iface: f.multicastInterface } } : {}),
          }
        : undefined;
      const cred = resolveCredentials(f);
      if (cred.v3) checkV3(cred.v3);

      const progress = progressView(process.stderr, !f.discoverOnly);
      const listing = responderListing(format);
      let store: Store | null = null;
      let sweepId: number | undefined;
      const launch = launchIdFromEnv();
      const settings = {
        port,
        rate,
        timeoutMs,
        retries,
        concurrency,
        maxRows,
        maxDeviceBytes,
        deviceBudgetMs,
        communities: cred.communities.length,
        v3: cred.v3 ? { authProto: cred.v3.authProto ?? null, privProto: cred.v3.privProto ?? null } : null,
        excludes: f.exclude,
        ...(cameras ? { cameras: { ports: cameras.ports, multicast: !!cameras.multicast } } : {}),
        // Started by the dashboard's launcher: the id it finds this sweep's row by (sweep-launch.ts).
        ...(launch ? { launch } : {}),
      };
      if (!f.discoverOnly) {
        store = openStore(f.db, 'create');
        store.useJudging(f.policy);
        sweepId = store.startSweep(specs, settings);
      }
      const stop = interruptible(() => {
        progress.stop();
        process.stderr.write(
          f.discoverOnly
            ? '\ninterrupted: stopping discovery (Ctrl-C again quits at once)\n'
            : '\ninterrupted: stopping the sweep and storing what it found so far (Ctrl-C again quits at once and stores nothing)\n',
        );
      });
      try {
        const res = await runSweep(
          {
            targets,
            port,
            communities: cred.communities,
            v3: cred.v3,
            rate,
            timeoutMs,
            retries,
            concurrency,
            discoverOnly: !!f.discoverOnly,
            maxRows,
            maxDeviceBytes,
            deviceBudgetMs,
            signal: stop.signal,
            log: stderrLogger(),
            // A bug met on one device must not cost the whole sweep: store it, then fail loudly.
            onBug: 'record',
            cameras,
          },
          {
            onResponder: (r) => {
              if (f.discoverOnly) listing.add(r);
            },
            onProgress: (p) => progress.update(p),
          },
        );
        progress.stop();
        listing.end();
        const interrupted = stop.signal.aborted;
        const c =
          store && sweepId !== undefined
            ? storeSweepResult(
                store,
                sweepId,
                [...res.devices, ...res.neighbors],
                res.counters,
                interrupted ? 'interrupted' : 'done',
              )
            : res.counters;
        const secs = (c.totalMs / 1000).toFixed(1);
        const cut = c.responders - c.identified;
        const summary =
          (interrupted ? 'interrupted: ' : '') +
          (f.discoverOnly
            ? `discovered ${c.responders} responders among ${c.probed}${interrupted ? ` of ${c.targets}` : ''} addresses in ${secs} s (${c.packetsSent} packets sent)`
            : `swept ${c.probed}${interrupted ? ` of ${c.targets}` : ''} addresses in ${secs} s: ${c.responders} responders, ${c.identified} identified` +
              `${c.incomplete ? ` (${c.incomplete} incomplete)` : ''}` +
              (cameras
                ? `, ${c.cameras ?? 0} cameras or recorders (${c.cameraProbesSent ?? 0} camera probes)`
                : '') +
              `${interrupted && cut ? `, ${cut} stored as discovery saw them` : ''}, ${c.neighborAssets} neighbors` +
              ` (${c.randomizedMacs} randomized MACs not attributed), ${c.findings ?? 0} findings` +
              (sweepId !== undefined
                ? `; sweep #${sweepId} in ${dbFile(f.db)}${interrupted ? ', marked interrupted' : ''}`
                : ''));
        process.stderr.write(`${summary}\n`);
        if (res.errors.length) {
          process.stderr.write(
            `coverscan hit ${res.errors.length} internal error(s) identifying devices (a bug: please report it);` +
              ` those devices are stored with what discovery saw:\n` +
              res.errors.map((e) => `  ${e.address}: ${e.error.stack ?? e.error.message}\n`).join(''),
          );
          process.exitCode = 1;
        }
        // Verdicts stored with another catalog or policy (an upgrade, --policy) are judged again now.
        if (store && !interrupted) judgeDue(store, f.policy);
        if (interrupted) {
          store?.close();
          // Identifications cut short may still hold timers and sockets: nothing of theirs is wanted now.
          process.exit(130);
        }
      } catch (e) {
        progress.stop();
        if (store && sweepId !== undefined) store.finishSweep(sweepId, { failed: 1 }, 'failed');
        throw e;
      } finally {
        stop.dispose();
        store?.close();
      }
    });
}
