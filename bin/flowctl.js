#!/usr/bin/env node
// The only job of this file: load the built CLI and hand its exit code to Node.
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write('flowctl is not built: run `npm install` (or `npm run build`) in its folder first.\n');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
