#!/usr/bin/env node
// The ai-conformance CLI entry point.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
