#!/bin/sh
# Builds the committed bundles: the action's main and post steps and the CLI (ESM, minified: the
# generated Kubernetes API classes are 24 MB as written, 7 MB minified, and load faster).
set -e
cd "$(dirname "$0")/.."
ncc="node_modules/@vercel/ncc/dist/ncc/cli.js"
rm -rf dist
sh scripts/node24.sh "$ncc" build src/index.ts -o dist --target es2022 -q --minify
sh scripts/node24.sh "$ncc" build src/post.ts -o dist/post --target es2022 -q --minify
sh scripts/node24.sh "$ncc" build src/cli/bin.ts -o dist/cli --target es2022 -q --minify
chmod +x dist/cli/index.js
