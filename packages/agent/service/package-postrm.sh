#!/bin/sh
# After removal. dpkg "purge" and rpm erase (0) also delete the agent's identity, spool and settings;
# dpkg "remove" keeps them, as Debian does, for a reinstall to carry on as the same agent.
set -e
root="${DPKG_ROOT:-}"
case "$1" in
  purge | 0)
    rm -rf "$root/var/lib/coverscan-agent" "$root/etc/coverscan"
    ;;
esac
if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
fi
exit 0
