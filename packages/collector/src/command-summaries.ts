// What `coverscan --help` lists for each command, kept apart from the commands' code so the listing is
// written without loading any of them (command-line.ts). Each command's registration takes its
// description from here; command-line.test.ts holds the lazy listing equal to the fully loaded one.
export const COMMAND_SUMMARIES = {
  check: {
    term: 'check [options] <identifier...>',
    summary:
      'classify identifiers: vendor string, sysObjectID, MAC, USB vvvv:pppp, software name (exit 0: nothing covered, 1: something covered, 2: bad input)',
  },
  serve: {
    term: 'serve [options]',
    summary: 'receive agent reports over WebSocket and serve the HTTP API, on one port',
  },
  enroll: { term: 'enroll', summary: 'manage enrollment secrets for agents' },
  agents: {
    term: 'agents [options]',
    summary: 'list enrolled agents, or revoke one (its node key stops working)',
  },
  report: {
    term: 'report [options]',
    summary: 'print every asset with its verdict, entity, lists and evidence',
  },
  findings: { term: 'findings', summary: 'list findings and record decisions about them' },
  sweep: {
    term: 'sweep [options] <targets...>',
    summary:
      'discover SNMP agents, identify them and the devices in their neighbor tables, and store the results',
  },
  demo: {
    term: 'demo [options]',
    summary: 'sweep a simulated branch office on loopback (127.66.0.x) and report what is covered',
  },
  backup: {
    term: 'backup [options] <out>',
    summary: 'write a consistent copy of the database to OUT, also while the collector runs',
  },
  catalog: {
    term: 'catalog',
    summary: 'the catalog verdicts are judged with: show it, install a newer one, export it, re-judge',
  },
  assets: {
    term: 'assets',
    summary: 'assets that are no longer seen: when they go stale, and removing them',
  },
  site: {
    term: 'site',
    summary: 'sites: a name and the CIDR ranges that belong to it; every asset carries its site',
  },
  admin: { term: 'admin', summary: "manage the HTTP API's users" },
  token: { term: 'token', summary: 'API tokens for scripts (Authorization: Bearer TOKEN)' },
  pack: {
    term: 'pack [options]',
    summary:
      'write the attestation evidence pack: scope, catalog and lists, sources, every covered/review item with its evidence and status, accepted exceptions, what was not looked at',
  },
  credentials: {
    term: 'credentials',
    summary:
      'SNMP credentials profiles for sweep jobs, stored encrypted (key file <db>.key or $COVERSCAN_SECRET_KEY)',
  },
  'sweep-job': {
    term: 'sweep-job',
    summary: 'sweep jobs: what to sweep for a site, with which credentials, when, and where from',
  },
} as const;

export type CommandName = keyof typeof COMMAND_SUMMARIES;
