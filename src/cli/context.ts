// Everything a command needs, built lazily from the global options: the configuration (flags > env > .env),
// the output, and the Platform client. Nothing is read or connected until a command asks for it.

import { resolve } from 'node:path';
import { type Config, loadConfig, requireCredentials, requireSandbox, requireSettings } from '../config/config.js';
import type { PlatformClient } from '../platform/client.js';
import { InvalidInputError } from '../platform/errors.js';
import type { RequestDescription } from '../platform/internal/http.js';
import { Output } from '../output/output.js';
import { VERSION } from '../version.js';
import type { CliIO } from './io.js';
import type { Program } from './program.js';

/** The global options as the root program defines them (program.ts), merged into every command's. */
export type GlobalOptions = ReturnType<Program['opts']>;

export class CommandContext {
  readonly out: Output;
  /** Values read from the user that must never be printed (scrubbed from error messages too). */
  readonly secrets: string[] = [];
  readonly dryRunRequests: RequestDescription[] = [];
  /** Set by a command that describes its own dry run (`apply --dry-run` prints a plan): no request list then. */
  dryRunDescribed = false;
  private loadedConfig: Config | undefined;
  private clientPromise: Promise<PlatformClient> | undefined;

  constructor(
    readonly io: CliIO,
    readonly globals: GlobalOptions,
  ) {
    this.out = new Output(io, { json: globals.json === true, color: globals.color !== false, dryRun: globals.dryRun === true });
  }

  get dryRun(): boolean {
    return this.globals.dryRun === true;
  }

  get config(): Config {
    if (!this.loadedConfig) {
      this.loadedConfig = loadConfig({
        flags: { sandbox: this.globals.sandbox, platformUrl: this.globals.platformUrl },
        env: this.io.env,
        cwd: this.io.cwd,
      });
      for (const secret of [this.loadedConfig.clientSecret, this.loadedConfig.accessToken]) if (secret) this.secrets.push(secret);
    }
    return this.loadedConfig;
  }

  now(): number {
    return (this.io.now ?? Date.now)();
  }

  /** The Platform client for the configured sandbox. Fails with exit 2 before any request if settings are missing. */
  client(): Promise<PlatformClient> {
    this.clientPromise ??= this.createClient();
    return this.clientPromise;
  }

  private async createClient(): Promise<PlatformClient> {
    const config = this.config;
    requireSettings(config, { sandbox: true, credentials: !this.dryRun });
    const sandbox = requireSandbox(config);
    // A dry run that only plans writes needs no credentials; a read it must make still does.
    let missing: InvalidInputError | undefined;
    try {
      requireSettings(config, { sandbox: false, credentials: true });
      requireCredentials(config);
    } catch (error) {
      if (!this.dryRun || !(error instanceof InvalidInputError)) throw error;
      missing = error;
    }
    if (this.io.env['NODE_TLS_REJECT_UNAUTHORIZED'] === '0') {
      // The client verifies certificates whatever this says; without it Node would also warn, wrongly, that
      // verification is off.
      this.out.warn('NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored: flowctl always verifies TLS certificates (trust your CA with NODE_EXTRA_CA_CERTS)');
      if (this.io.env === process.env) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    }
    const [{ createPlatformClient }, { parseEachShapeOnce }] = await Promise.all([import('../platform/client.js'), import('../platform/models/parse-once.js')]);
    parseEachShapeOnce();
    const debug = this.globals.debug === true;
    return createPlatformClient({
      sandbox,
      orgId: config.orgId ?? '<AEP_IMS_ORG>',
      clientId: config.clientId ?? '<AEP_API_KEY>',
      clientSecret: config.clientSecret,
      accessToken: config.accessToken ?? (missing ? 'none' : undefined),
      scopes: config.scopes,
      platformUrl: config.platformUrl,
      imsUrl: config.imsUrl,
      cacheDir: config.cacheDir,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      userAgent: `flowctl/${VERSION} node/${process.versions.node}`,
      log: debug ? (line) => this.io.stderr.write(`${this.out.errStyle.dim(line)}\n`) : undefined,
      onDryRun: this.dryRun ? (request) => this.dryRunRequests.push(request) : undefined,
      now: this.io.now,
      sleep: this.io.sleep,
      random: this.io.random,
      transport: missing
        ? () => {
            throw missing;
          }
        : undefined,
    });
  }

  /**
   * Runs `task` holding this machine's lock for `subject` in the configured sandbox (onboard of a prefix, apply of
   * a file): two runs at once would both find nothing and both create. A lock left by a dead process is taken over.
   */
  /**
   * Runs `task` holding the lock for `subject` (per Platform, org and sandbox). Held by another run: fails at once
   * saying who holds it, or with `wait` waits for it (short sections runs take in turn).
   */
  async withLock<T>(subject: string, what: string, task: () => Promise<T>, options: { wait?: boolean } = {}): Promise<T> {
    if (this.dryRun) return task();
    const { acquireLock, acquireLockWaiting } = await import('../onboard/lock.js');
    const { join } = await import('node:path');
    const config = this.config;
    const dir = join(config.cacheDir, 'locks');
    const key = [config.platformUrl, config.orgId, config.sandbox, subject].join('|');
    const lock = options.wait
      ? await acquireLockWaiting(dir, key, what, { now: () => this.now(), sleep: this.io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))) })
      : await acquireLock(dir, key, what, () => this.now());
    try {
      return await task();
    } finally {
      await lock.release();
    }
  }

  /** The token provider alone (auth commands need no sandbox). */
  async tokens(): Promise<import('../platform/auth.js').TokenProvider> {
    const config = this.config;
    requireSettings(config, { sandbox: false, credentials: true });
    const { orgId, clientId } = requireCredentials(config);
    const [{ TokenProvider }, { TokenCache }, { axiosTransport, createAxios }] = await Promise.all([
      import('../platform/auth.js'),
      import('../platform/token-cache.js'),
      import('../platform/internal/transport.js'),
    ]);
    return new TokenProvider({
      imsUrl: config.imsUrl,
      clientId,
      orgId,
      scopes: config.scopes,
      clientSecret: config.clientSecret,
      accessToken: config.accessToken,
      transport: axiosTransport(await createAxios(`flowctl/${VERSION}`)),
      cache: new TokenCache(config.cacheDir),
      timeoutMs: config.timeoutMs,
      ...(this.io.now && { now: this.io.now }),
      ...(this.io.sleep && { sleep: this.io.sleep }),
      ...(this.globals.debug && { log: (line: string) => this.io.stderr.write(`${this.out.errStyle.dim(line)}\n`) }),
    });
  }

  /**
   * Reads a secret from a file, or from stdin with `-`, so that it stays out of shell history and `ps`.
   * Trailing newlines are dropped; the value is remembered as a secret.
   */
  async readSecret(path: string, flag: string): Promise<string> {
    let text: string;
    if (path === '-') {
      if (this.io.stdin.isTTY) this.out.info(`Reading ${flag.replace(/^--/, '').replace(/-file$/, '')} from stdin (end with Ctrl-D)…`);
      text = await readStream(this.io.stdin);
    } else {
      text = await this.readTextFile(path, flag);
    }
    const value = text.replace(/[\r\n]+$/, '');
    if (value.trim() === '') throw new InvalidInputError(flag, `${path === '-' ? 'stdin' : path} is empty`);
    this.secrets.push(value);
    return value;
  }

  async readTextFile(path: string, flag: string): Promise<string> {
    // node:fs/promises (with the readline modules it loads) only for a command that reads a file.
    const { readFile } = await import('node:fs/promises');
    try {
      return await readFile(resolve(this.io.cwd, path), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InvalidInputError(flag, code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path} (${code ?? (error as Error).message})`);
    }
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
