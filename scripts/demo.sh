#!/usr/bin/env bash
# Brings Keyward up with demo data on the embedded SQLite database:
# secrets, migrations, seed, production build, then serve.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 AUTH_TRUST_HOST=true
# The demo runs on one machine: let webhooks reach receivers on localhost.
export KEYWARD_WEBHOOK_ALLOW_PRIVATE="${KEYWARD_WEBHOOK_ALLOW_PRIVATE:-true}"
node scripts/env-init.mjs
npm run --silent db:migrate
npm run --silent db:seed -- ${SEED_ARGS:-}
if [ "${SKIP_BUILD:-}" != "1" ]; then npm run --silent build; fi
echo
echo "Keyward: http://localhost:${PORT:-3000}  (sign in with a demo login above)"
exec npm run --silent start
