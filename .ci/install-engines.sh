#!/bin/sh
# Installs the real engines the tests run against (promtool, amtool, the
# Prometheus server `obsforge backtest` starts, and the Chromium the HTML
# page tests drive through playwright-core) when they are missing.
# Debian's packages are the reference versions (prometheus 2.42).
set -eu
missing=""
for tool in promtool amtool prometheus; do
  command -v "$tool" >/dev/null 2>&1 || missing="prometheus prometheus-alertmanager"
done
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing engines and not root: install Debian's packages $missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # one word per package
apt-get install -y -qq --no-install-recommends $missing >/dev/null
# The packages start services on install where an init system runs; tests and backtests start their own.
(service prometheus stop; service prometheus-alertmanager stop) >/dev/null 2>&1 || true
