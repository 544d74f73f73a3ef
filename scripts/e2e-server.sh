#!/usr/bin/env bash
# Starts the production build on a fresh, seeded database for the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f "${NEXT_DIST_DIR:-.next}/BUILD_ID" ]; then
  echo "No production build: run npm run build first" >&2
  exit 1
fi
npx tsx --conditions=react-server scripts/migrate.ts apply
npx tsx --conditions=react-server prisma/seed.ts --reset >/dev/null
exec node scripts/serve.mjs
