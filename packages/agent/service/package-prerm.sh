#!/bin/sh
# Before removal (dpkg: "remove"; rpm %preun: 0): the service is stopped and disabled, so nothing of it
# runs or starts again once the package is gone. On upgrade it keeps running until postinst restarts it.
set -e
case "$1" in
  remove | deconfigure | 0)
    if [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
      systemctl disable --now coverscan-agent.service || true
    fi
    ;;
esac
exit 0
