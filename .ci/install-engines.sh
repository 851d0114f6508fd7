#!/bin/sh
# Installs the real engines the tests run against (promtool, amtool, and the
# Prometheus server `obsforge backtest` starts) when they are missing.
# Debian's packages are the reference versions (prometheus 2.42).
set -eu
if command -v promtool >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1 &&
  command -v prometheus >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "promtool/prometheus/amtool missing and not root: install Debian's prometheus and prometheus-alertmanager packages" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null
# The packages start services on install where an init system runs; tests and backtests start their own.
(service prometheus stop; service prometheus-alertmanager stop) >/dev/null 2>&1 || true
