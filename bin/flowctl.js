#!/usr/bin/env node
// The only job of this file: load the built CLI and hand its exit code to Node. It is CommonJS (bin/package.json)
// because Node starts a CommonJS file faster than an ES module, and `flowctl --help` loads only this file and
// dist/cli/main.cjs.
let cli;
try {
  cli = require('../dist/cli/main.cjs');
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('main.cjs')) throw error;
  process.stderr.write('flowctl is not built: run `npm install` (or `npm run build`) in its folder first.\n');
  process.exit(1);
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
