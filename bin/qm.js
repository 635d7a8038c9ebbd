#!/usr/bin/env node
// The installed `qm` command: runs the bundled CLI (built by `npm run build`, which `npm ci` runs via prepare).
import { main, processIo } from '../build/cli/bundle/qm.js';

process.exitCode = await main(process.argv.slice(2), process.env, await processIo());
