// Printer device URIs can carry a user and password (`smb://user:pass@host/queue`, `ipps://…`); they
// never leave the machine. The WHATWG URL parser finds the userinfo, however many raw '@' the password
// holds (the last '@' before the host ends it). A raw '/' in the password (CUPS keeps what lpadmin
// was given) ends the authority early and no parser can place it: then everything up to the last
// '@' before the query goes, which may take the host with it but never leaves part of a password.

/** The URI without its userinfo; unchanged, byte for byte, when it has none. */
export function withoutUserinfo(uri: string): string {
  // Before the query and fragment; '@' elsewhere is not userinfo.
  const head = /^([a-z][\w+.-]*:\/\/)([^?#]*)@/i.exec(uri);
  if (!head) return uri;
  try {
    const u = new URL(uri);
    if ((u.username || u.password) && !u.host.includes('@') && !u.pathname.includes('@')) {
      u.username = '';
      u.password = '';
      return u.href;
    }
  } catch {
    // not a URL the parser accepts: cut below
  }
  return head[1] + uri.slice(head[0].length);
}
