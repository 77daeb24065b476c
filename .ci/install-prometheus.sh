#!/usr/bin/env bash
# Installs the Prometheus server and promtool (Debian package `prometheus`) for lock-micrometer's tests:
# PrometheusIntegrationTest starts its own server on 127.0.0.1, PromtoolTest runs `promtool check/test rules`.
# Quiet (output shown only on failure) and idempotent (nothing to do when both binaries are on the PATH).
set -euo pipefail

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -E"
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# --no-install-recommends: the server and promtool only, no node exporter.
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends prometheus; } >"$log" 2>&1; then
  echo "install-prometheus: apt-get failed:" >&2
  cat "$log" >&2
  exit 1
fi
# Where systemd runs, the package starts a system service; the tests start their own server on a free port, so stop it.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
command -v prometheus >/dev/null && command -v promtool >/dev/null
echo "install-prometheus: $(prometheus --version 2>&1 | head -n 1)"
