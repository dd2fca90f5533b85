// The command groups, in the order of the ingestion chain. Only names and summaries live here: a group's
// module (and everything it imports) is loaded when that group is run, so `flowctl --help` stays fast.

import type { Program } from './program.js';
import type { Runner } from './runner.js';

export interface GroupModule {
  /**
   * Adds the module's commands. A module behind several top-level commands (plan, apply, destroy) is given the
   * one being run and adds only that; without a name it adds them all.
   */
  register(program: Program, run: Runner, name?: string): void;
}

export interface Group {
  name: string;
  summary: string;
  load: () => Promise<GroupModule>;
}

export const GROUPS: readonly Group[] = [
  { name: 'auth', summary: 'Show or print the access token; forget the cached one', load: () => import('./commands/auth.js') },
  { name: 'connection', summary: 'Base connections to databases: create, test, explore tables', load: () => import('./commands/connection.js') },
  { name: 'source', summary: 'Source connections: one table of a base connection', load: () => import('./commands/source.js') },
  { name: 'schema', summary: 'XDM schemas the data lands in; the tenant id', load: () => import('./commands/schema.js') },
  { name: 'dataset', summary: 'Datasets (Catalog) that store the ingested records', load: () => import('./commands/dataset.js') },
  { name: 'target', summary: 'Target connections: the data lake dataset a flow writes to', load: () => import('./commands/target.js') },
  { name: 'mapping', summary: 'Mapping sets from source columns to XDM fields (Data Prep)', load: () => import('./commands/mapping.js') },
  { name: 'flowspec', summary: 'Flow specs (CRMToAEP for databases)', load: () => import('./commands/flowspec.js') },
  { name: 'flow', summary: 'Dataflows: scheduled ingestion from a source to a dataset', load: () => import('./commands/flow.js') },
  { name: 'run', summary: 'Runs of a dataflow and their metrics', load: () => import('./commands/run.js') },
  { name: 'onboard', summary: 'The whole chain for one table in one command; safe to run again', load: () => import('./commands/onboard.js') },
  { name: 'offboard', summary: 'Delete what onboard made for one table (with --confirm); the base connection is kept', load: () => import('./commands/offboard.js') },
  { name: 'plan', summary: 'Compare flowctl.yaml with the sandbox: what apply would create or update (exit 5 if anything)', load: () => import('./commands/apply.js') },
  { name: 'apply', summary: 'Make the sandbox match flowctl.yaml: every table onboarded, drift undone', load: () => import('./commands/apply.js') },
  { name: 'destroy', summary: 'Delete what flowctl.yaml made in the sandbox (with --confirm)', load: () => import('./commands/apply.js') },
  { name: 'demo', summary: 'The whole job offline: emulated Platform and database, a table onboarded, its first run', load: () => import('./commands/demo.js') },
  { name: 'emulator', summary: 'A local Platform for tests, demos and offline work', load: () => import('./commands/emulator.js') },
  { name: 'completion', summary: 'Print a shell completion script: bash, zsh or fish', load: () => import('./commands/completion.js') },
];
