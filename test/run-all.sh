#!/usr/bin/env bash
# The whole test suite from a clean clone: installs what the tests need, then runs them.
# Debian packages: chromium (browser tests), libreoffice-writer-nogui (opens every generated
# .docx), poppler-utils (pdftotext), wrk (HTTP benchmark), sqlite3 (integrity checks by hand),
# postgresql (the second backend: test/db/backends.test.ts starts a throwaway server with initdb
# and pg_ctl, which Debian puts under /usr/lib/postgresql/<version>/bin, not on the PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" fonts-liberation
fi

node test/tools/complete-lock.mjs --check
if [ -f package-lock.json ]; then npm ci --no-fund --no-audit; else npm install --no-fund --no-audit; fi
npm run typecheck
npm test
# The HTTP-level suite again, each test app on its own PostgreSQL database (vitest.postgres.config.ts
# says which files and which are left out, and why; about 3 minutes on two cores).
npm run test:postgres
