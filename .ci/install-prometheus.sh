#!/usr/bin/env bash
# Installs the Prometheus server and promtool (Debian package `prometheus`) for lock-micrometer's integration test
# and rule checks. Quiet and idempotent: does nothing when both binaries are already on the PATH.
set -euo pipefail

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -E"
fi
$SUDO apt-get update -qq >/dev/null
# --no-install-recommends: the server binary and promtool only, no node-exporter or web assets.
$SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# The package enables and starts a system service where systemd runs; the tests start their own server on a free
# port, so a service left running would only cost memory. Stop it where that is possible; ignore it where not.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl stop prometheus >/dev/null 2>&1 || true
  $SUDO systemctl disable prometheus >/dev/null 2>&1 || true
fi
command -v prometheus >/dev/null && command -v promtool >/dev/null
