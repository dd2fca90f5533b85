// Entry point of the CLI (bin/flowctl.js calls main). Returns the exit code instead of exiting, so that tests
// run it in-process and Node finishes writing output before the process ends. The one exception: when the
// reader of stdout goes away, there is no output left to finish, and the process ends at once (io.exit).
//
// This module is built as one self-contained file (scripts/build.mjs): `flowctl --help` and `--version`, the
// commands run most often, then load two small files and nothing else. Every other command loads the command
// line (command-line.ts) on demand: for most groups one CommonJS file built for that group (loadCommandLine).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { wantedGroup } from './argv.js';
import { ExitCode } from './exit-codes.js';
import { type CliIO, processIO, watchPipes } from './io.js';
import { VERSION } from '../version.js';

/**
 * `flowctl --help` and `flowctl <command…> --help`, rendered by commander at build time (scripts/build.mjs writes
 * dist/cli/help.txt and dist/cli/help/<command…>.txt): help is what people run first and most often, and it then
 * costs no more than starting Node. Absent (tests run from the sources, a command with no such file) or on a
 * terminal of another width, commander renders it as usual.
 */
function prerenderedHelp(io: CliIO, words: readonly string[]): string | undefined {
  if (io.stdout.isTTY && io.stdout.columns !== undefined && io.stdout.columns !== 80) return undefined;
  // Command names only: anything else (an option, a path) is for commander to read.
  if (!words.every((word) => /^[a-z][a-z0-9-]*$/.test(word))) return undefined;
  const name = words.length === 0 ? 'help.txt' : `help/${words.join('/')}.txt`;
  try {
    // Next to this file: dist/cli/main.cjs is CommonJS (it has __filename); from src/ it is an ES module.
    const file = typeof __filename === 'string' ? join(dirname(__filename), name) : new URL(`./${name}`, import.meta.url);
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const pipes = watchPipes(io);
  // A reader gone away (`flowctl … | head -1`) ends the command as it ends any Unix tool, but quietly and with
  // exit 0: the process ends at once; in-process, main returns and the command stops at its next wait.
  const gone = pipes.closed.then(() => {
    io.exit?.(ExitCode.OK);
    return ExitCode.OK;
  });
  return Promise.race([dispatch(argv, pipes.io), gone]);
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.OK;
  }
  const last = argv[argv.length - 1];
  if (last === '--help' || last === '-h') {
    const help = prerenderedHelp(io, argv.slice(0, -1));
    if (help !== undefined) {
      io.stdout.write(help);
      return ExitCode.OK;
    }
  }
  // Stack traces (--debug) should point at src/, not at the bundle.
  if (argv.includes('--debug')) process.setSourceMapsEnabled(true);
  const { runCommandLine } = await loadCommandLine(argv, io);
  return runCommandLine(argv, io);
}

/** The groups scripts/build.mjs also builds as one CommonJS file each: dist/cli/commands/<group>.cjs. */
declare const __FLOWCTL_CJS_GROUPS__: readonly string[] | undefined;

/**
 * The command line for `argv`. The commands CI pipelines run (`flow list`, `dataset get`…) load one CommonJS file
 * holding the command line and that group only, compiled from V8's code cache: Node's ES module loader, its
 * resolution of some twenty chunks, and compiling them cost more than the command itself. The other groups (and
 * tests, run from src/) load the ES module bundle.
 */
type CommandLine = Pick<typeof import('./command-line.js'), 'runCommandLine'>;

async function loadCommandLine(argv: readonly string[], io: CliIO): Promise<CommandLine> {
  const group = wantedGroup(argv);
  if (typeof __filename !== 'string' || typeof __FLOWCTL_CJS_GROUPS__ === 'undefined' || group === undefined || !__FLOWCTL_CJS_GROUPS__.includes(group)) {
    return import('./command-line.js');
  }
  const file = join(dirname(__filename), 'commands', `${group}.cjs`);
  // --debug maps stack traces through the source map, which Node applies to files it loads itself. This file is
  // CommonJS here (__filename is defined): its own require, rather than node:module's createRequire (0.3 ms to load).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle loaded at run time, not an import
  if (argv.includes('--debug')) return require(file) as CommandLine;
  // Loaded here, not with this file: `--version` and `--help` need neither it nor node:vm.
  const { codeCacheDir, requireWithCodeCache } = await import('./code-cache.js');
  // The same bundle written inside Node's module wrapper by scripts/build.mjs: compiled without a wrapped copy.
  const loaded = requireWithCodeCache(join(dirname(file), `${group}.wrapped.js`), codeCacheDir(io.env), require);
  const { runCommandLine } = loaded.exports as CommandLine;
  return {
    runCommandLine: async (args, cli) => {
      try {
        return await runCommandLine(args, cli);
      } finally {
        loaded.save();
      }
    },
  };
}
