#!/usr/bin/env bash
# The reliability suite (issue #8), `npm run test:reliability [RESULTS_DIR]`: faults, bad input and
# files (vitest project `reliability`), then load and input latency in Chromium (Playwright,
# tests/e2e-reliability). It starts its OWN engine and registries (stack folder
# $STEVEDORE_FAULTS_DIR, default /tmp/stevedore-faults; registries on 5031/5032, a throttle on
# 5033), kills and restarts them, and stops them at the end (STEVEDORE_FAULTS_KEEP=1 keeps them).
# The shared test stack (/tmp/stevedore-test, 5001/5002) is never touched. Prints one line per
# class: FAULTS survived=n/m, BADINPUT rejected=n/m, FILES clean=n/m, HOSTILE probe_hits=0 survived=n/m,
# LOAD jobs_ok=n/m p95_input_latency_ms=x.
#   run.sh [RESULTS_DIR] [--part engine|browser]
# `--part engine` runs only the vitest part and `--part browser` only the Chromium part (each brings
# the private stack up itself and stops it after), so scripts/test-all.sh can run the engine part
# beside the main browser tests: it shares nothing with them but the machine.
set -uo pipefail
cd "$(dirname "$0")/../.."
part=all
dir=test-results/reliability
while [[ $# -gt 0 ]]; do
  case "$1" in
    --part) part="${2:-}"; shift 2 ;;
    *) dir="$1"; shift ;;
  esac
done
case "$part" in all | engine | browser) ;; *) echo "run.sh: --part engine|browser" >&2; exit 2 ;; esac
results="$(mkdir -p "$dir" && cd "$dir" && pwd)"
case "$part" in
  all) rm -f "$results"/*.json ;;
  # Each part clears only what it writes: the other part's reports stay for the summary.
  engine) rm -f "$results"/vitest.json "$results"/{BADINPUT,FILES,HOSTILE}.*.json "$results"/FAULTS.faults.json ;;
  browser) rm -f "$results"/playwright.json "$results"/LOAD.*.json "$results"/FAULTS.browser.json ;;
esac
export STEVEDORE_RELIABILITY_RESULTS="$results"
export STEVEDORE_FAULTS_DIR="${STEVEDORE_FAULTS_DIR:-/tmp/stevedore-faults}"
export STEVEDORE_FAULTS_REGISTRY_PORT="${STEVEDORE_FAULTS_REGISTRY_PORT:-5031}"

stop_private_stack() {
  [[ "${STEVEDORE_FAULTS_KEEP:-0}" == 1 ]] && return 0
  local env=(env -u STEVEDORE_TEST_DOCKER_HOST -u DOCKER_HOST STEVEDORE_STACK_DIR="$STEVEDORE_FAULTS_DIR"
    STEVEDORE_REGISTRY_PORT="$STEVEDORE_FAULTS_REGISTRY_PORT" STEVEDORE_AUTH_REGISTRY_PORT="$((STEVEDORE_FAULTS_REGISTRY_PORT + 1))")
  "${env[@]}" bash scripts/test-stack/registry.sh stop >/dev/null 2>&1 || true
  "${env[@]}" bash scripts/test-stack/engine.sh stop >/dev/null 2>&1 || true
}
trap stop_private_stack EXIT

status=0
t0=$SECONDS
if [[ "$part" != browser ]]; then
  npx vitest run --project reliability --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || status=1
fi
if [[ "$part" != engine ]]; then
  PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" \
    npx playwright test -c tests/e2e-reliability/playwright.config.ts --reporter=list,json || status=1
fi
echo "reliability suite ($part): $((SECONDS - t0)) s"
if [[ "$part" == all ]]; then node scripts/test-summary.mjs --reliability "$results" || status=1; fi
exit $status
