#!/usr/bin/env node
/**
 * The `kefu` command. V8's thread pool can only be sized when Node starts, so the command starts
 * the CLI (program.ts) in a Node process with NODE_FLAGS. A Node started with flags of its own
 * (`node --inspect dist/cli/main.js …`) runs the CLI in place: those flags are the caller's choice.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from './node-flags.js';

if (process.execArgv.length > 0) {
  await import('./program.js');
} else {
  const child = spawn(process.execPath, [...NODE_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches both processes (one process group) and the CLI handles it; a second SIGINT
  // would cut a server's graceful stop short, so only signals sent to this process alone are passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    console.error(`kefu: could not start ${process.execPath}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // Die of the same signal, so the caller sees what the CLI saw.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
}
