#!/usr/bin/env bash
# The extension's end-to-end tests: headless Chromium (and Firefox ESR when
# installed) with the real native host, plus `web-ext lint` of the Firefox
# build. Prints node's test-runner summary; exits non-zero on failure.
#   SAUATTY_HOST=path/to/sauatty-host   the host (default: the CMake build's)
#   SAUATTY_E2E_STRICT=1                 verdict tests must pass, not be todo
set -euo pipefail
cd "$(dirname "$0")"
# The pinned npm packages (package-lock.json); never a browser download.
for pkg in playwright-core puppeteer-core web-ext; do
  if [ ! -d "node_modules/$pkg" ]; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
    break
  fi
done
# One browser at a time: the machine is small and shared.
exec node --test --test-concurrency=1 "$@" ./*.test.mjs
