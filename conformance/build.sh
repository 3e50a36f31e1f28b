#!/usr/bin/env bash
# Builds the Waldur client conformance run (conformance/dist/conformance.mjs), which
# WaldurClientConformanceTest runs with Node against a live Vigil:
#  1. installs the pinned generator and bundler (npm ci from package-lock.json);
#  2. generates a TypeScript client from Waldur's contract with @hey-api/openapi-ts, as Waldur
#     generates its published waldur-js-client;
#  3. strips the per-operation querySerializer blocks, as waldur-js-client does, so that arrays go
#     out as repeated keys (?status=Active&status=Unknown) rather than comma-joined;
#  4. type-checks src/conformance.ts against the generated types and bundles it with esbuild.
# Needs Node and npm; nothing else. Output (node_modules/, generated/, dist/) is not committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

# Waldur's contract, kept in the repository (contract/, see the note at its top).
contract="${VIGIL_CONTRACT:-$here/../contract/waldur-integration-statuses.openapi.yaml}"
if [ ! -f "$contract" ]; then
  echo "conformance/build.sh: contract not found at $contract (set VIGIL_CONTRACT)" >&2
  exit 1
fi

# openapi-ts 0.99 refuses Node 18 ("Please use Node 20 or newer"); its package.json asks for
# 22.18, but it runs on Node 20 (checked with 20.20.2), so npm's engine warnings are expected.
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "conformance/build.sh: needs Node 20 or newer, found $(node --version); .ci/run fetches one" >&2
  exit 1
fi

if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi

rm -rf generated dist
npx --no-install openapi-ts --silent --input "$contract" --output generated --client @hey-api/client-fetch
node strip-query-serializers.mjs generated/sdk.gen.ts

npx --no-install tsc --noEmit --strict --target es2022 --module esnext --moduleResolution bundler \
  --skipLibCheck --types node src/conformance.ts
npx --no-install esbuild src/conformance.ts --bundle --platform=node --format=esm --target=node18 \
  --log-level=warning --outfile=dist/conformance.mjs
echo "conformance/build.sh: built $here/dist/conformance.mjs"
