#!/bin/sh
# Installs the real engines the tests run against (promtool, amtool, the
# Prometheus server `obsforge backtest` starts, and VictoriaMetrics with
# vmalert for `backtest --engine victoria-metrics`) when they are missing.
# Debian's packages are the reference versions (prometheus 2.42,
# victoria-metrics 1.79).
set -eu
if command -v promtool >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1 &&
  command -v prometheus >/dev/null 2>&1 && command -v victoria-metrics >/dev/null 2>&1 &&
  command -v vmalert >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "promtool/prometheus/amtool/victoria-metrics/vmalert missing and not root: install Debian's prometheus, prometheus-alertmanager and victoria-metrics packages" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager victoria-metrics >/dev/null
# The packages start services on install where an init system runs; tests and backtests start their own.
(service prometheus stop; service prometheus-alertmanager stop; service victoria-metrics stop) >/dev/null 2>&1 || true
