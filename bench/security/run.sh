#!/usr/bin/env bash
# Recomputes the figures in docs/VALIDATION.md: recall and precision of prflow's secret scanner
# (and of secretlint, as a baseline) on the labelled corpus, and throughput on a large generated
# diff. Usage: bench/security/run.sh            (MB=<size of the large diff>, default 24)
# Maven runs offline first and, when that fails (a dependency not yet in ~/.m2), online;
# MVN_OFFLINE=1 keeps it offline, MVN_OFFLINE=0 goes online straight away.
# bench/run P4 compares `prflow scan` with gitleaks and secretlint as whole processes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${OUT:-$root/activities/target/security-bench}"
mb="${MB:-24}"
cd "$root"

secretlint="$here/node_modules/.bin/secretlint"
if [ ! -x "$secretlint" ]; then
  echo "installing secretlint into bench/security/node_modules (npm ci)…"
  if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error); then
    echo "secretlint could not be installed; measuring prflow only"
  fi
fi
[ -x "$secretlint" ] && "$secretlint" --version | sed 's/^/secretlint version: /' || secretlint=""

mkdir -p "$out"
build_classpath() {
  mvn -q -B "$@" -pl workflows,activities test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" >/dev/null
}
case "${MVN_OFFLINE:-auto}" in
  auto) build_classpath -o || { echo "offline Maven build failed; trying online"; build_classpath; } ;;
  0|false|no) build_classpath ;;
  *) build_classpath -o ;;
esac
cp="$root/activities/target/test-classes:$root/activities/target/classes:$root/workflows/target/classes:$(cat "$out/classpath.txt")"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $(java -version 2>&1 | head -1), node $(node --version 2>/dev/null || echo n/a)"
java -Xmx3g -cp "$cp" dev.prflow.activities.security.ScannerBenchmark "$out/work" "$secretlint" "$mb"
