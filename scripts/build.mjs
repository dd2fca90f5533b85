// Builds what bin/flowctl.js and `import … from 'flowctl'` need.
//
// The CLI is bundled (dependencies included, split into chunks loaded on demand) because Node's module
// resolution dominates start-up time: importing commander as a separate CommonJS package costs more than
// the rest of `flowctl --help`, and axios or zod cost more than a whole command. The library entry keeps its
// dependencies external so that a program importing it shares them. Types come from tsc.
import { build } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  minifySyntax: true,
  minifyWhitespace: true,
  logLevel: 'warning',
  // The Parquet encoder's worker thread is dist/parquet-worker.js (src/emulator/runner/parquet-records.ts).
  define: { __FLOWCTL_VERSION__: JSON.stringify(pkg.version), __FLOWCTL_PARQUET_WORKER__: JSON.stringify('parquet-worker.js') },
};

// The groups also built as one CommonJS file each, dist/cli/commands/<group>.cjs, which main.ts loads for them
// instead of the ES module bundle: the commands CI pipelines run then load one file, parsed once, with no ES
// module loader. The other groups start the emulator or PGlite, which find their files through import.meta.url
// next to the ES module chunks.
const CJS_GROUPS = ['auth', 'connection', 'source', 'schema', 'dataset', 'target', 'mapping', 'flowspec', 'flow', 'run'];

/**
 * axios as the CLI uses it: the node:http adapter, with string bodies. Two of its modules cost start-up time for
 * nothing then, and are left out of the CLI's bundles (the library, which keeps axios external, is unchanged):
 * - its fetch adapter reads `Request`/`Response` when it loads, which makes Node load undici (its fetch), and its
 *   XMLHttpRequest adapter is a browser's;
 * - form-data, its multipart bodies, loads mime-db (a 180 KB JSON table of media types);
 * - its utils read `globalThis.FormData` when they load (to recognise FormData bodies), which loads undici too;
 * - http2 and https-proxy-agent (with tls, net and debug) load with its http adapter, and are used only for an
 *   HTTP/2 request or behind a proxy: they load when first used;
 * - https (with tls and crypto), zlib and crypto load with it too, and are used only for an https request, a
 *   compressed response and a multipart boundary: they load when first used as well. Its http adapter reads zlib's
 *   flush constants and checks for brotli and zstd when it loads: the constants are read when first decompressing
 *   (getters), brotli is in every Node flowctl runs on (≥ 20), and zstd is not asked for (Accept-Encoding);
 * - its request timing reads `performance`, whose first touch loads perf_hooks (7 modules): the same monotonic
 *   clock, from process.hrtime.
 */
const AXIOS_HTTP_PATCHES = [
  // zlibOptions, brotliOptions, zstdOptions: six `flush: zlib.constants.X,` lines, read when a response is decompressed.
  { find: /^(\s+)(flush|finishFlush): (zlib\.constants\.\w+),$/gm, replace: '$1get $2() { return $3; },', count: 6 },
  { find: 'const isBrotliSupported = utils.isFunction(zlib.createBrotliDecompress);', replace: 'const isBrotliSupported = true;', count: 1 },
  { find: 'const isZstdSupported = utils.isFunction(zlib.createZstdDecompress);', replace: 'const isZstdSupported = false;', count: 1 },
];

const AXIOS_CLOCK_PATCHES = [
  {
    find: "typeof performance !== 'undefined' && utils.isFunction(performance.now)\n    ? () => performance.now()\n    : Date.now",
    replace: '() => Number(process.hrtime.bigint()) / 1e6',
    count: 1,
  },
];

/**
 * `file` with each of `patches` applied, each checked to match exactly `count` times: an axios release that changes
 * these lines fails the build rather than quietly loading the modules again (or losing a patch's meaning).
 */
async function patched(file, patches) {
  let source = await readFile(file, 'utf8');
  for (const { find, replace, count } of patches) {
    const found = typeof find === 'string' ? source.split(find).length - 1 : [...source.matchAll(find)].length;
    if (found !== count) throw new Error(`${file}: expected ${count} × ${find}, found ${found}: update scripts/build.mjs`);
    source = typeof find === 'string' ? source.split(find).join(replace) : source.replace(find, replace);
  }
  return { contents: source, loader: 'js' };
}

const axiosForNodeHttp = {
  name: 'axios-for-node-http',
  setup(b) {
    b.onResolve({ filter: /^\.\/(fetch|xhr)\.js$/ }, (args) =>
      /axios[\\/]lib[\\/]adapters[\\/]adapters\.js$/.test(args.importer) ? { path: args.path.slice(2, -3), namespace: 'axios-stub' } : undefined,
    );
    b.onResolve({ filter: /^form-data$/ }, (args) => (/[\\/]axios[\\/]/.test(args.importer) ? { path: 'form-data', namespace: 'axios-stub' } : undefined));
    b.onLoad({ filter: /[\\/]axios[\\/]lib[\\/]utils\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const read = "typeof G.FormData !== 'undefined' ? G.FormData : undefined";
      // Checked, so that an axios release that changes this line fails the build instead of loading undici again.
      if (!source.includes(read)) throw new Error(`axios/lib/utils.js no longer reads FormData as "${read}": update scripts/build.mjs`);
      return { contents: source.replace(read, 'undefined'), loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]axios[\\/]lib[\\/]adapters[\\/]http\.js$/ }, async (args) => patched(args.path, AXIOS_HTTP_PATCHES));
    b.onLoad({ filter: /[\\/]axios[\\/]lib[\\/]core[\\/]dispatchRequest\.js$/ }, async (args) => patched(args.path, AXIOS_CLOCK_PATCHES));
    b.onResolve({ filter: /^(http2|https-proxy-agent|https|zlib|crypto)$/ }, (args) => (/[\\/]axios[\\/]/.test(args.importer) ? { path: args.path, namespace: 'axios-lazy', pluginData: dirname(args.importer) } : undefined));
    // A stand-in that loads the module when first touched: read, called, or constructed (`new HttpsProxyAgent`).
    b.onLoad({ filter: /.*/, namespace: 'axios-lazy' }, (args) => ({
      contents: `let loaded; const load = () => (loaded ??= require(${JSON.stringify(args.path)}));
        export default new Proxy(function () {}, {
          get: (_, key) => Reflect.get(load(), key),
          has: (_, key) => Reflect.has(load(), key),
          apply: (_, self, args) => Reflect.apply(load(), self, args),
          construct: (_, args) => Reflect.construct(load(), args),
        });`,
      // Resolved from axios's folder, as axios's own import would be.
      resolveDir: args.pluginData,
      loader: 'js',
    }));
    // follow-redirects (with assert and url) follows redirects, which flowctl's axios never does (maxRedirects: 0,
    // transport.ts); its http adapter only reads the two wrappers when it loads.
    b.onResolve({ filter: /^follow-redirects$/ }, (args) => (/[\\/]axios[\\/]/.test(args.importer) ? { path: args.path, namespace: 'axios-follow', pluginData: dirname(args.importer) } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'axios-follow' }, (args) => ({
      contents: `let loaded; const load = () => (loaded ??= require('follow-redirects'));
        const side = (scheme) => new Proxy({}, { get: (_, key) => Reflect.get(load()[scheme], key), has: (_, key) => Reflect.has(load()[scheme], key) });
        export default { http: side('http'), https: side('https') };`,
      resolveDir: args.pluginData,
      loader: 'js',
    }));
    b.onLoad({ filter: /^fetch$/, namespace: 'axios-stub' }, () => ({
      // adapters.js asks getFetch for the fetch adapter only when the http adapter is unusable (never in Node).
      contents: 'export const getFetch = () => false; export default false;',
      loader: 'js',
    }));
    // The XMLHttpRequest adapter is a browser's: in Node its module's default export is `false` (unsupported).
    b.onLoad({ filter: /^xhr$/, namespace: 'axios-stub' }, () => ({ contents: 'export default false;', loader: 'js' }));
    b.onLoad({ filter: /^form-data$/, namespace: 'axios-stub' }, () => ({
      contents: "export default class FormData { constructor() { throw new Error('flowctl sends no multipart bodies: form-data is left out of its bundle'); } }",
      loader: 'js',
    }));
  },
};

/**
 * zod's messages in English only, in the CLI's bundles: zod exports every locale (`z.locales`, 300 KB of the
 * 1.2 MB a command loads) and flowctl reads none; its English default is imported apart, by its schemas.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: "export { default as en } from './en.js';", resolveDir: dirname(args.path), loader: 'js' }));
  },
};

/**
 * Modules that most API commands never use, loaded when first called rather than with the bundle (whose top-level
 * code runs every module it imports): dotenv only parses a ./.env that exists (config.ts), chalk only colours human
 * output or an error (output/style.ts), string-width measures a table for a terminal, node:os gives a home folder or
 * a host name (main.cjs and the groups). Each stub re-exports the named functions the importer uses; the real
 * module stays in the bundle (or is Node's), its top-level code run by the first call.
 */
const LAZY_PACKAGES = [
  { name: 'dotenv', importer: /[\\/]src[\\/]config[\\/]config\.ts$/, exports: ['parse'] },
  // `new Chalk(…)` through the stub returns the real instance (a constructor that returns an object).
  { name: 'chalk', importer: /[\\/]src[\\/]output[\\/]style\.ts$/, exports: ['Chalk'] },
  // Measures the text of a table on a terminal (output/fit.ts): never for --json or a pipe.
  { name: 'string-width', importer: /[\\/]src[\\/]output[\\/]fit\.ts$/, exports: ['default'] },
  // Node's os module (0.3 ms to load): the home folder only when no cache folder is set, the host name only for an
  // onboarding lock.
  { name: 'node:os', importer: /[\\/]src[\\/](config[\\/]config|cli[\\/]code-cache|onboard[\\/]lock)\.ts$/, exports: ['homedir', 'hostname'] },
];

const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    for (const { name, importer } of LAZY_PACKAGES) {
      b.onResolve({ filter: new RegExp(`^${name}$`) }, (args) => (importer.test(args.importer) ? { path: name, namespace: 'lazy-package', pluginData: dirname(args.importer) } : undefined));
    }
    b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
      const { exports } = LAZY_PACKAGES.find((p) => p.name === args.path);
      const forwarders = exports.map((e) =>
        e === 'default'
          ? 'export default function (...args) { return load().default(...args); }'
          : `export function ${e}(...args) { return new.target ? new (load().${e})(...args) : load().${e}(...args); }`,
      );
      return { contents: [`let loaded; const load = () => (loaded ??= require(${JSON.stringify(args.path)}));`, ...forwarders].join('\n'), resolveDir: args.pluginData, loader: 'js' };
    });
  },
};

/**
 * Two of Node's modules commander requires when it loads:
 * - node:child_process, for executable sub-commands (`git-style`), which flowctl has none of: the module (with dgram
 *   and net's socket list) loads if one is ever spawned;
 * - node:process, which is the global `process` itself, but whose module costs 0.1 ms to load.
 */
const commanderBuiltins = {
  name: 'commander-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:(child_process|process)$/ }, (args) => (/[\\/]commander[\\/]/.test(args.importer) ? { path: args.path.slice(5), namespace: 'commander-builtin' } : undefined));
    b.onLoad({ filter: /^child_process$/, namespace: 'commander-builtin' }, () => ({
      contents: `let loaded; const load = () => (loaded ??= require('node:child_process'));
        module.exports = new Proxy({}, { get: (_, key) => Reflect.get(load(), key), has: (_, key) => Reflect.has(load(), key) });`,
      loader: 'js',
    }));
    b.onLoad({ filter: /^process$/, namespace: 'commander-builtin' }, () => ({ contents: 'module.exports = process;', loader: 'js' }));
  },
};

/**
 * Loaded by a group only on rare paths, and large: ora (a spinner, on a terminal only, with its spinner table) and
 * the Parquet reader (hyparquet, for a data file's preview). They are files of their own next to the groups' bundles
 * (SPLIT_OFF), required when first imported, rather than 170 KB of every group's bundle, read and deserialized by
 * every command. Neither shares a class or state with the rest of the CLI. A group's `import()` of one reads its
 * module.exports as Node does for a CommonJS module (the default export is module.exports): ora's file is its
 * function itself.
 */
const SPLIT_OFF = [
  { file: 'ora.cjs', specifier: /^ora$/, importer: /[\\/]src[\\/]output[\\/]output\.ts$/, entry: { contents: "module.exports = require('ora').default;", resolveDir: '.' } },
  { file: 'parquet-reader.cjs', specifier: /^\.\/internal\/parquet-reader\.js$/, importer: /[\\/]src[\\/]platform[\\/]data-access\.ts$/, entry: { contents: "export * from './src/platform/internal/parquet-reader.ts';", resolveDir: '.', loader: 'ts' } },
];

const splitOff = {
  name: 'split-off',
  setup(b) {
    for (const { file, specifier, importer } of SPLIT_OFF) {
      b.onResolve({ filter: specifier }, (args) => (args.kind === 'dynamic-import' && importer.test(args.importer) ? { path: `./${file}`, external: true } : undefined));
    }
  },
};

/** Each of SPLIT_OFF as one CommonJS file next to the groups' bundles. */
function splitOffBuild({ file, entry }) {
  return build({ ...common, format: 'cjs', stdin: entry, outfile: `dist/cli/commands/${file}`, metafile: true });
}

/**
 * zod's schema compiler (`z.compile`, 47 KB), its JSON Schema importer (`z.fromJSONSchema`, 18 KB) and exporter
 * (`z.toJSONSchema` and each schema's `.toJSONSchema()`, 45 KB), which flowctl never calls (its schemas only refer
 * to the exporter's functions, to call them if asked), are stand-ins in the groups' bundles that throw if called
 * (the compiler's INVALID symbol is kept: it is `Symbol.for`, the same value either way).
 */
const ZOD_UNUSED = /[\\/]zod[\\/]v4[\\/](core[\\/](compile|json-schema-processors|to-json-schema|json-schema-generator)|classic[\\/]from-json-schema)\.js$/;

const zodUnused = {
  name: 'zod-unused',
  setup(b) {
    b.onLoad({ filter: ZOD_UNUSED }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      // Checked, so that a zod release exporting in another form fails the build instead of losing an export.
      if (/^export (\*|default)/m.test(source)) throw new Error(`${args.path} exports in a form scripts/build.mjs does not stub: update it`);
      const symbols = source.match(/^export const \w+ = Symbol\.for\("[^"]*"\);$/gm) ?? [];
      const declared = [...source.matchAll(/^export (?:const|let|class|function|async function) (\w+)/gm)].map((m) => m[1]);
      // `export { a as b, c };`: the exported names (b, c).
      const listed = [...source.matchAll(/^export \{([^}]*)\};?$/gm)].flatMap((m) => m[1].split(',').map((part) => part.trim().split(/\s+as\s+/).pop()).filter(Boolean));
      const names = [...new Set([...declared, ...listed])].filter((name) => !symbols.some((line) => line.startsWith(`export const ${name} `)));
      const stubs = names.map((name) => `export function ${name}() { throw new Error('zod.${name} is not in flowctl\\'s CLI bundle'); }`);
      return { contents: [...symbols, ...stubs].join('\n'), loader: 'js' };
    });
  },
};

/** In the bundle of `group`, the registry's other groups are stubs: registerGroups loads only the group run. */
function onlyGroup(group) {
  return {
    name: 'only-group',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) =>
        args.importer.endsWith('registry.ts') && args.path !== `./commands/${group}.js` ? { path: args.path, namespace: 'other-group' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'other-group' }, (args) => ({
        contents: `export function register() { throw new Error(${JSON.stringify(`${args.path} is not in the bundle of ${group}`)}); }`,
        loader: 'js',
      }));
    },
  };
}

/** One group's CommonJS bundle: the command line with that group in it, its dynamic imports inlined (lazily run). */
function groupBuild(group) {
  return build({
    ...common,
    // Short identifiers: a third less source (the flow group's 481 → 320 KB) for every command to read and hold,
    // and fewer and shorter names in its code cache, ≈ 1-2 ms of each API command's start. Class names are
    // shortened too: nothing may read a class's own name (errors say theirs, platform/errors.ts). --debug's
    // stack traces map back to the sources' names.
    minifyIdentifiers: true,
    format: 'cjs',
    entryPoints: { [group]: 'src/cli/command-line.ts' },
    outExtension: { '.js': '.cjs' },
    metafile: true,
    outdir: 'dist/cli/commands',
    // A bundled module that reads import.meta.url (createRequire of an optional package) gets this file's URL.
    define: { ...common.define, 'import.meta.url': '__flowctlImportMetaUrl' },
    banner: { js: "const __flowctlImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [onlyGroup(group), axiosForNodeHttp, zodEnglishOnly, zodUnused, lazyPackages, commanderBuiltins, splitOff],
    // import() of a Node built-in as require(): main.ts runs these files through vm.Script (for the code cache),
    // which has no loader for import().
    supported: { 'dynamic-import': false },
  });
}

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
// The start-up entry is one CommonJS file with nothing split out of it (every extra module, and the ES module
// loader itself, costs start-up time); the command line it loads on demand is its own ES module bundle, split
// into chunks that load per command.
const COMMAND_LINE = './command-line.js';
const [entry, cli, , ...groups] = await Promise.all([
  build({
    ...common,
    // CommonJS, as bin/flowctl.js is: Node starts a CommonJS file measurably faster than an ES module.
    format: 'cjs',
    // Compiled on every run, --help's included (it has no code cache): short identifiers, as the groups' bundles.
    minifyIdentifiers: true,
    define: { ...common.define, __FLOWCTL_CJS_GROUPS__: JSON.stringify(CJS_GROUPS) },
    entryPoints: { main: 'src/cli/main.ts' },
    outExtension: { '.js': '.cjs' },
    metafile: true,
    outdir: 'dist/cli',
    // main.ts reads import.meta only where __filename is not defined, which is never the case here.
    logOverride: { 'empty-import-meta': 'silent' },
    plugins: [
      lazyPackages,
      {
        name: 'command-line-external',
        setup: (b) => b.onResolve({ filter: /^\.\/command-line\.js$/ }, () => ({ path: COMMAND_LINE, external: true })),
      },
    ],
  }),
  build({
    ...common,
    entryPoints: { 'command-line': 'src/cli/command-line.ts' },
    metafile: true,
    outdir: 'dist/cli',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [axiosForNodeHttp, zodEnglishOnly],
    // CommonJS dependencies bundled into ESM call require() for Node built-ins.
    banner: { js: "import { createRequire as __flowctlRequire } from 'node:module'; const require = __flowctlRequire(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: { index: 'src/index.ts', emulator: 'src/emulator/server.ts', 'parquet-worker': 'src/emulator/runner/parquet-worker.ts' },
    outdir: 'dist',
    packages: 'external',
  }),
  ...CJS_GROUPS.map(groupBuild),
  ...SPLIT_OFF.map(splitOffBuild),
]);
// Each group's bundle also as it is compiled (main.ts → code-cache.ts): inside the function Node wraps a CommonJS
// module in, so that start-up does not make a wrapped copy of 650 KB of source (0.8 MB of peak RSS). The plain
// file stays for --debug, which require()s it so that Node applies its source map.
const { wrap } = (await import('node:module')).default;
await Promise.all(
  CJS_GROUPS.map(async (group) => {
    const file = new URL(`../dist/cli/commands/${group}.cjs`, import.meta.url);
    await writeFile(new URL(`../dist/cli/commands/${group}.wrapped.js`, import.meta.url), wrap(await readFile(file, 'utf8')));
  }),
);

// Which source files each output holds: a test checks that `flowctl --help` loads no heavy module, and what a
// group's bundle holds.
const metafiles = [entry, cli, ...groups].map((b) => b.metafile);
const outputs = Object.assign({}, ...metafiles.map((m) => m.outputs));
await writeFile(new URL('../dist/cli/meta.json', import.meta.url), JSON.stringify({ inputs: Object.assign({}, ...metafiles.map((m) => m.inputs)), outputs }));

// `flowctl --help` rendered once now, by the bundle just built (no help.txt exists yet, so commander renders
// it): the CLI prints this file instead of loading commander for the command run most often.
const { execFileSync } = await import('node:child_process');
const help = execFileSync(process.execPath, [fileURLToPath(new URL('../bin/flowctl.js', import.meta.url)), '--help'], { env: { ...process.env, NO_COLOR: '1' } });
await writeFile(new URL('../dist/cli/help.txt', import.meta.url), help);

// And every command's `--help` (`flowctl flow list --help`), as dist/cli/help/<command…>.txt, rendered the same
// way (before the files exist), a few at a time. Their code caches go to a folder removed afterwards.
const { execFile } = await import('node:child_process');
const { mkdir, mkdtemp } = await import('node:fs/promises');
const { tmpdir } = await import('node:os');
const { commandPaths } = await import(new URL('../dist/cli/command-line.js', import.meta.url).href);
const quiet = { write: () => true };
const paths = await commandPaths({ stdout: quiet, stderr: quiet, stdin: process.stdin, env: {}, cwd: process.cwd() });
const cacheDir = await mkdtemp(join(tmpdir(), 'flowctl-build-'));
const render = (words) =>
  new Promise((resolve, reject) =>
    execFile(process.execPath, [fileURLToPath(new URL('../bin/flowctl.js', import.meta.url)), ...words, '--help'], { env: { ...process.env, NO_COLOR: '1', FLOWCTL_CACHE_DIR: cacheDir } }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
const pending = [...paths];
const rendered = [];
const worker = async () => {
  for (let words = pending.shift(); words; words = pending.shift()) rendered.push([words, await render(words)]);
};
await Promise.all([worker(), worker(), worker(), worker()]);
for (const [words, text] of rendered) {
  const file = new URL(`../dist/cli/help/${words.join('/')}.txt`, import.meta.url);
  await mkdir(new URL('.', file), { recursive: true });
  await writeFile(file, text);
}
await rm(cacheDir, { recursive: true, force: true });
