// Where every command's output goes. stdout carries results only (an id, a table, or with --json one JSON
// value); stderr carries progress, confirmations, warnings and errors. Spinners and colours only on a TTY.

import type { ChalkInstance } from 'chalk';
import type { RequestDescription } from '../platform/internal/http.js';
import type { OutputIO } from './streams.js';
import { colourEnabled, makeStyle } from './style.js';
import { type Column, formatTable, type TableLayout } from './table.js';

export interface OutputOptions {
  json: boolean;
  color: boolean;
  dryRun: boolean;
}

export interface Progress {
  /** Marks a step as in flight (on) or not. */
  running(label: string, on: boolean): void;
  /** A finished step's line. */
  line(text: string): void;
  stop(): void;
}

export class Output {
  readonly json: boolean;
  readonly dryRun: boolean;
  private readonly color: boolean;
  private styles: { out?: ChalkInstance; err?: ChalkInstance } = {};

  constructor(private readonly io: OutputIO, options: OutputOptions) {
    this.json = options.json;
    this.dryRun = options.dryRun;
    this.color = options.color;
  }

  /**
   * Read when a spinner would start, not before: touching stderr builds it (processIO), which a --json command may
   * never need.
   */
  private get spinnerAllowed(): boolean {
    // A terminal that reports no width (some ptys) would make the spinner's line arithmetic divide by zero.
    return this.io.stderr.isTTY === true && !this.io.env['CI'] && (this.io.stderr.columns ?? 0) > 0;
  }

  /**
   * Colours for stdout and stderr: each stream is judged on its own. Made when first used: a --json command that
   * prints no error uses neither, and its CLI bundle then never loads chalk (scripts/build.mjs).
   */
  get style(): ChalkInstance {
    return (this.styles.out ??= makeStyle(colourEnabled(this.io.stdout, this.io.env, this.color)));
  }

  get errStyle(): ChalkInstance {
    return (this.styles.err ??= makeStyle(colourEnabled(this.io.stderr, this.io.env, this.color)));
  }

  get stdoutIsTTY(): boolean {
    return this.io.stdout.isTTY === true;
  }

  /** How a table on stdout is laid out: for a pipe, or for a terminal (as wide as it says it is). */
  get tableLayout(): TableLayout {
    if (!this.stdoutIsTTY) return false;
    const width = this.io.stdout.columns;
    return width !== undefined && width > 0 ? { width } : true;
  }

  /** The command's result: `value` as JSON with --json, otherwise the human rendering. */
  result(value: unknown, human: () => string): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    else this.io.stdout.write(human());
  }

  /** A table of resources; with --json the array of resources (or `jsonValue`). */
  table<T>(rows: readonly T[], columns: readonly Column<T>[], jsonValue: unknown = rows): void {
    this.result(jsonValue, () => (rows.length === 0 ? '' : formatTable(rows, columns, this.tableLayout, this.style.bold)));
    if (rows.length === 0 && !this.json) this.info('No results.');
  }

  /** A create: the new id on stdout (for `ID=$(flowctl … create)`), or the whole response with --json. */
  created(kind: string, id: string, response: unknown, name?: string): void {
    if (this.dryRun) return;
    this.result(response, () => `${id}\n`);
    this.success(`Created ${kind} ${id}${name ? ` (${name})` : ''}`);
  }

  /** A change to an existing resource (delete, update, enable). */
  changed(message: string, jsonValue: unknown): void {
    if (this.dryRun) return;
    if (this.json) this.result(jsonValue, () => '');
    this.success(message);
  }

  /** The requests a dry run would have sent. */
  dryRunRequests(requests: readonly RequestDescription[]): void {
    // A read-only command has already printed its result: one JSON value on stdout, not two.
    if (requests.length > 0) this.result(requests, () => {
      if (requests.length === 0) return '';
      return requests
        .map((r) => {
          const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`);
          const body = r.body === undefined ? [] : ['', JSON.stringify(r.body, null, 2)];
          return [`${this.style.bold(r.method)} ${r.url}`, ...headers, ...body].join('\n');
        })
        .join('\n\n')
        .concat('\n');
    });
    this.info(
      requests.length === 0
        ? 'Dry run: this command would change nothing.'
        : `Dry run: ${requests.length} request${requests.length === 1 ? '' : 's'} not sent.`,
    );
  }

  info(line: string): void {
    this.io.stderr.write(`${line}\n`);
  }

  success(line: string): void {
    this.io.stderr.write(`${this.errStyle.green('✓')} ${line}\n`);
  }

  warn(line: string): void {
    this.io.stderr.write(`${this.errStyle.yellow('warning:')} ${line}\n`);
  }

  error(line: string): void {
    this.io.stderr.write(`${this.errStyle.red(line)}\n`);
  }

  /**
   * Progress of several steps at once: on a terminal a spinner naming the steps in flight, with each finished
   * step's line printed above it; elsewhere just the lines (on stderr).
   */
  async progress(): Promise<Progress> {
    if (!this.spinnerAllowed) {
      return { running: () => undefined, line: (text) => this.info(text), stop: () => undefined };
    }
    const { default: ora } = await import('ora');
    const spinner = ora({ stream: this.io.stderr as NodeJS.WritableStream, isEnabled: true }).start();
    const inFlight = new Set<string>();
    const render = () => {
      spinner.text = inFlight.size > 0 ? [...inFlight].join(', ') : '';
    };
    return {
      running: (label, on) => {
        if (on) inFlight.add(label);
        else inFlight.delete(label);
        render();
      },
      line: (text) => {
        spinner.clear();
        this.io.stderr.write(`${text}\n`);
        spinner.render();
      },
      stop: () => spinner.stop(),
    };
  }

  /** Shows a spinner on a terminal while `task` runs; silent elsewhere. */
  async spin<T>(text: string, task: () => Promise<T>): Promise<T> {
    if (!this.spinnerAllowed) return task();
    const { default: ora } = await import('ora');
    const spinner = ora({ text, stream: this.io.stderr as NodeJS.WritableStream, isEnabled: true }).start();
    try {
      const value = await task();
      spinner.stop();
      return value;
    } catch (error) {
      spinner.stop();
      throw error;
    }
  }
}
