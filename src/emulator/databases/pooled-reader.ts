// What the MySQL/MariaDB and PostgreSQL readers share: their connection settings, a driver pool opened on first
// use and ended by `close`, and driver errors worded with the server's address and never the password.

import type { ConnectionSettings } from './connection-string.js';
import { databaseError } from './driver-errors.js';
import type { DatabaseError } from './reader.js';

export abstract class PooledReader<P> {
  #pool: Promise<P> | undefined;
  protected readonly settings: ConnectionSettings;

  constructor(settings: ConnectionSettings) {
    this.settings = settings;
  }

  /** Loads the driver and creates the pool. */
  protected abstract openPool(): Promise<P>;

  /** Ends an open pool. */
  protected abstract endPool(pool: P): Promise<void>;

  protected error(error: unknown): DatabaseError {
    return databaseError(error, [this.settings.password], `${this.settings.host}:${this.settings.port}`);
  }

  protected pool(): Promise<P> {
    this.#pool ??= this.openPool();
    return this.#pool;
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    const opened = pool && (await pool.catch(() => undefined));
    if (opened) await this.endPool(opened);
  }
}
