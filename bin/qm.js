#!/usr/bin/env node
// The installed `qm` command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs via prepare).
import { main } from '../build/cli/main.js';
import { processIo } from '../build/cli/io.js';

process.exitCode = await main(process.argv.slice(2), process.env, await processIo());
