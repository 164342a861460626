#!/bin/sh
# Builds the committed bundles: the action's main and post steps and the CLI (ESM, one file each).
set -e
cd "$(dirname "$0")/.."
ncc="node_modules/@vercel/ncc/dist/ncc/cli.js"
rm -rf dist
sh scripts/node24.sh "$ncc" build src/index.ts -o dist --target es2022 -q
sh scripts/node24.sh "$ncc" build src/post.ts -o dist/post --target es2022 -q
sh scripts/node24.sh "$ncc" build src/cli/bin.ts -o dist/cli --target es2022 -q
chmod +x dist/cli/index.js
