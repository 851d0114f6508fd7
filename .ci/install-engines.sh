#!/bin/sh
# Installs the real engines the tests run against (promtool, amtool, the
# Prometheus server `obsforge backtest` starts, VictoriaMetrics with vmalert
# for `backtest --engine victoria-metrics`, and the Chromium the HTML page
# tests drive through playwright-core) when they are missing.
# Debian's packages are the reference versions (prometheus 2.42,
# victoria-metrics 1.79).
set -eu
missing=""
for tool in promtool amtool prometheus; do
  command -v "$tool" >/dev/null 2>&1 || missing="prometheus prometheus-alertmanager"
done
for tool in victoria-metrics vmalert; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing victoria-metrics"
done
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing engines and not root: install Debian's packages $missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # one word per package (victoria-metrics may be named twice; apt takes it once)
apt-get install -y -qq --no-install-recommends $missing >/dev/null
# The packages start services on install where an init system runs; tests and backtests start their own.
(service prometheus stop; service prometheus-alertmanager stop; service victoria-metrics stop) >/dev/null 2>&1 || true
