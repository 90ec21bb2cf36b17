// Who a request acts for: a logged-in user (cookie session, which carries the CSRF token), or a script
// with an API token. Decisions in the audit log are recorded under `by`.
export type Principal =
  | { via: 'session'; user: string; by: string; sessionHash: string; csrf: string; expiresAt: string }
  | { via: 'token'; user: string; by: string; tokenId: number | null };
