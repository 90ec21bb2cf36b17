#!/bin/sh
# After install or upgrade (dpkg: "configure"; rpm %post: 1 or 2). The state directory is root's only;
# the unit is enabled, and started only once agent.conf names a collector. Under `dpkg --root` (DPKG_ROOT
# set) only files in that root are touched: no service manager of the machine is asked anything.
set -e
root="${DPKG_ROOT:-}"
install -d -m 0700 "$root/var/lib/coverscan-agent"
chown 0:0 "$root/var/lib/coverscan-agent" 2>/dev/null || true
chmod 0600 "$root/etc/coverscan/agent.conf"
if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  systemctl enable coverscan-agent.service || true
  if grep -Eq '^[[:space:]]*collector[[:space:]]*=[[:space:]]*[^[:space:]]' /etc/coverscan/agent.conf; then
    systemctl restart coverscan-agent.service || true
  fi
fi
exit 0
