#!/bin/sh
# The whole test suite, as README's Quick start and .ci/run run it: types, lint, then jest.
set -e
cd "$(dirname "$0")/.."
npm run --silent typecheck
npm run --silent lint
npm run --silent jest -- "$@"
