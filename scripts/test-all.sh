#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need (apt packages when
# root on Debian/Ubuntu, npm ci), typechecks, builds and lints, starts the dedicated test engine
# and registries, runs unit, integration (real engine) and browser end-to-end (Chromium) tests,
# then stops the stack.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/test-results"
mkdir -p "$results"

step() { printf '\n=== %s (%s)\n' "$1" "$(date +%T)"; }

step "system packages"
bash scripts/test-stack/install-deps.sh || exit 1

step "npm packages"
# The Electron binary cannot be downloaded on machines without internet access; everything but
# the thin Electron shell runs under Node. Set ELECTRON_SKIP_BINARY_DOWNLOAD=0 to fetch it (electron's
# installer skips whenever the variable is set at all, even to 0, so 0 here means: unset it).
fetch_electron=0
if [ "${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}" = 0 ]; then
  fetch_electron=1
  unset ELECTRON_SKIP_BINARY_DOWNLOAD
else
  export ELECTRON_SKIP_BINARY_DOWNLOAD=1
fi
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.stevedore-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund || exit 1
  echo "$lock_hash" > node_modules/.stevedore-lock-hash
else
  echo "node_modules matches package-lock.json"
fi
# node_modules may be current yet installed without the binary: fetch it now.
if [ "$fetch_electron" = 1 ] && ! node scripts/electron-binary.mjs check 2>/dev/null; then
  node scripts/electron-binary.mjs install || exit 1
fi

step "typecheck and build"
npm run --silent typecheck || exit 1
npm run --silent build || exit 1

step "lint"
# ESLint (layering, import cycles, typescript-eslint) with zero warnings, then Prettier's check.
npm run --silent lint || exit 1

step "test stack"
trap 'bash scripts/test-stack/down.sh >/dev/null 2>&1 || true' EXIT
bash scripts/test-stack/up.sh || exit 1
set -a
# shellcheck disable=SC1091
. "${STEVEDORE_STACK_DIR:-/tmp/stevedore-test}/env"
set +a

status=0
step "unit and integration tests (vitest)"
npx vitest run --project unit --project integration --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || status=1

step "browser end-to-end tests (Playwright + Chromium), beside the reliability suite's engine part"
# The reliability suite's engine part (faults, bad input, files, hostile names) runs on its OWN
# engine and registries, so it shares nothing with the browser tests but the machine: running it
# alongside saves minutes of a CI run that mostly waits. Its output is printed when both are done.
reliability_log="$results/reliability-engine.log"
bash tests/reliability/run.sh "$results/reliability" --part engine >"$reliability_log" 2>&1 &
reliability_pid=$!
# The Electron tests need a display; Xvfb provides one on headless machines.
display=()
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then display=(xvfb-run -a); fi
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" "${display[@]}" npx playwright test --reporter=list,json || status=1
wait "$reliability_pid" || status=1
step "reliability suite: engine part (ran beside the browser tests)"
cat "$reliability_log"

step "benchmarks smoke"
# Every bench:* script in its tiny mode (a few MiB, one round, nothing left behind): each must
# still print its BENCH line with numbers; the figures themselves are not judged here.
npm run --silent bench:smoke || status=1

step "reliability suite: browser part, load (its own engine and registries)"
bash tests/reliability/run.sh "$results/reliability" --part browser || status=1

step "summary"
node scripts/test-summary.mjs "$results/vitest.json" "$results/playwright.json" --reliability "$results/reliability" || status=1
exit $status
