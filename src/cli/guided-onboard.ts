// `flowctl onboard` at a terminal with flags missing: it asks for them. Pick a base connection (or make one: the
// database and its connection string, typed hidden), pick a table of it (type to filter), check what flowctl
// inferred (class, delta column, identity, and the mapping shown on sample rows), choose a schedule, confirm.
// The answers become the flags `onboard` then runs with, and the same command line is printed to reuse.
//
// Nothing is written until the last confirmation, except a base connection the user chose to make (it is needed
// to list the tables): Ctrl-C after that says how to go on with it, or how to delete it.

import { InvalidInputError } from '../platform/errors.js';
import { checkConnectionStringFormat } from '../platform/connection-auth.js';
import { describeConnectionString } from '../platform/connection-string.js';
import type { PlatformClient } from '../platform/client.js';
import { CONNECTION_SPECS } from '../platform/specs.js';
import { FREQUENCIES } from '../platform/schedule.js';
import { XDM_CLASSES, type XdmClass } from '../onboard/types.js';
import type { OnboardResult } from '../onboard/onboard.js';
import type { FieldPlan } from '../onboard/infer.js';
import { leaves } from '../output/preview.js';
import { formatTable } from '../output/table.js';
import { PromptCancelled, type Asker, type Choice } from './prompts.js';
import { shellWord } from './shell-word.js';

/** The flags guided onboarding fills in (the rest are the user's own, kept as given). */
export interface GuidedFlags {
  connection?: string | undefined;
  table?: string | undefined;
  class?: XdmClass | undefined;
  deltaColumn?: string | undefined;
  identity?: string | undefined;
  frequency?: (typeof FREQUENCIES)[number] | undefined;
  interval?: string | undefined;
}

/** Ctrl-C during the questions: what was made by then (a base connection), so that the command can say so. */
export class GuideCancelled extends Error {
  constructor(readonly createdConnection: string | undefined) {
    super('cancelled');
    this.name = 'GuideCancelled';
  }
}

const NEW_CONNECTION = '\u0000new';
const NO_IDENTITY = '\u0000none';

const CLASS_HINTS: Record<XdmClass, string> = {
  profile: 'one row per person (Individual Profile)',
  event: 'time-stamped rows (ExperienceEvent)',
  record: 'lookups, not about a person',
};

export interface GuideDependencies {
  client: PlatformClient;
  ask: Asker;
  /** The plan of `flags` with sample rows, as `onboard --preview` makes it; nothing is written. */
  plan: (flags: GuidedFlags) => Promise<OnboardResult>;
  /** A spinner while something is read. */
  reading: <T>(label: string, task: () => Promise<T>) => Promise<T>;
  /** Columns the text shown may take (the terminal's width less the frame around it); undefined: not cut. */
  width?: number | undefined;
  /** Makes a base connection and returns its id. */
  createConnection: (specId: string, connectionString: string, name: string) => Promise<string>;
}

export async function guideOnboarding(given: GuidedFlags, deps: GuideDependencies): Promise<GuidedFlags> {
  let created: string | undefined;
  try {
    const flags: GuidedFlags = { ...given };
    flags.connection ??= await pickConnection(deps, (id) => (created = id));
    flags.table ??= await pickTable(deps, flags.connection);
    await reviewPlan(deps, flags);
    await pickSchedule(deps, flags);
    if (!(await deps.ask.confirm(`Onboard ${flags.table} now?`, true))) throw new PromptCancelled();
    return flags;
  } catch (error) {
    if (error instanceof PromptCancelled) throw new GuideCancelled(created);
    throw error;
  }
}

async function pickConnection(deps: GuideDependencies, onCreated: (id: string) => void): Promise<string> {
  const { client, ask } = deps;
  const connections = await deps.reading('Listing base connections', async () => {
    const all = [];
    for await (const c of client.flowService.connections.list({ maxItems: 200 })) all.push(c);
    return all;
  });
  const specTitle = (id: string | undefined) => CONNECTION_SPECS.find((s) => s.id === id)?.title;
  const databases = connections.filter((c) => specTitle(c.connectionSpec?.id) !== undefined);
  const choices: Choice<string>[] = [
    ...databases.map((c) => ({ value: c.id, label: c.name ?? c.id, hint: specTitle(c.connectionSpec?.id) })),
    { value: NEW_CONNECTION, label: 'A new connection…', hint: 'a database and its connection string' },
  ];
  const picked = choices.length === 1 ? NEW_CONNECTION : await ask.search('Base connection', choices);
  if (picked !== NEW_CONNECTION) return picked;

  const spec = await ask.search(
    'Database',
    CONNECTION_SPECS.map((s) => ({ value: s, label: s.title, hint: s.key })),
  );
  const connectionString = await ask.secret(`${spec.title} connection string${spec.connectionString ? ` (${spec.connectionString})` : ''}`, (value) => {
    if (value.trim() === '') return 'the connection string must not be empty';
    try {
      checkConnectionStringFormat(value, spec, 'connection string');
      return undefined;
    } catch (error) {
      return error instanceof InvalidInputError ? error.rule : String(error);
    }
  });
  const described = describeConnectionString(connectionString);
  const name = await ask.text('Name of the connection', { initial: described === undefined ? spec.title : `${spec.title} ${described}`, validate: (v) => (v.trim() === '' ? 'the name must not be empty' : undefined) });
  const id = await deps.createConnection(spec.id, connectionString, name.trim());
  onCreated(id);
  return id;
}

async function pickTable(deps: GuideDependencies, connectionId: string): Promise<string> {
  const items = await deps.reading('Listing tables', () => deps.client.flowService.connections.explore(connectionId));
  const tables = items.filter((i) => i.path !== undefined && (i.type === undefined || i.type === 'table'));
  if (tables.length === 0) throw new InvalidInputError('--table', 'the connection lists no tables: check its database and user, or pass --table');
  return deps.ask.search(
    'Table',
    tables.map((t) => ({ value: t.path as string, label: t.path as string })),
  );
}

/** Shows the plan with sample rows, and asks to keep or change what was inferred. */
async function reviewPlan(deps: GuideDependencies, flags: GuidedFlags): Promise<void> {
  const { ask } = deps;
  const plan = await deps.reading(`Reading ${flags.table}`, () => deps.plan(flags));
  const fields = (plan.fields ?? []).filter((f) => f.expression !== true);
  ask.show(`How the columns of ${flags.table} land in XDM`, mappingTable(plan, fields, deps.width));

  flags.class ??= await ask.select(
    'Schema class',
    XDM_CLASSES.map((c) => ({ value: c, label: c, hint: CLASS_HINTS[c] })),
    plan.xdmClass ?? 'profile',
  );
  const dateTimes = fields.filter((f) => f.format === 'date-time').map((f) => f.column);
  if (flags.deltaColumn === undefined) {
    flags.deltaColumn = dateTimes.length > 0
      ? await ask.select('Delta column (tells new and changed rows)', dateTimes.map((c) => ({ value: c, label: c })), plan.deltaColumn ?? dateTimes[0])
      : await ask.text('Delta column (tells new and changed rows)', { initial: plan.deltaColumn, validate: (v) => (v.trim() === '' ? 'a delta column is required' : undefined) });
  }
  if (flags.identity === undefined) {
    const inferred = identityOf(plan);
    const identity = await ask.select(
      'Primary identity',
      [...fields.map((f) => ({ value: f.column, label: f.column, hint: f.destination })), { value: NO_IDENTITY, label: 'none' }],
      inferred?.column ?? NO_IDENTITY,
    );
    if (identity !== NO_IDENTITY) flags.identity = inferred?.column === identity && inferred.namespace ? `${identity}:${inferred.namespace}` : identity;
  }
  if (!(await ask.confirm('Map the columns as shown?', true))) {
    throw new InvalidInputError('--mapping-file', 'to map columns differently, write the changes to a file ({"column": "xdm.path"}) and pass --mapping-file FILE');
  }
}

/** Rows of the sample shown beside the mapping. */
const SAMPLE_ROWS = 3;

/**
 * One line per column: where it goes, its type, and its value in the first sample rows as it would land (so that
 * a wrong guess shows at a glance); then the sample rows that would be rejected, and why. Cut to the terminal.
 */
function mappingTable(plan: OnboardResult, fields: readonly FieldPlan[], width: number | undefined): string {
  const preview = plan.preview !== undefined && 'rows' in plan.preview ? plan.preview.rows.slice(0, SAMPLE_ROWS) : [];
  const landed = preview.map((row) => new Map(row.record === undefined ? [] : leaves(row.record)));
  const table = formatTable(
    fields,
    [
      { header: 'column', value: (f) => f.column },
      { header: 'xdm field', value: (f) => f.destination },
      { header: 'type', value: (f) => f.format ?? f.xdmType },
      ...landed.map((values, i) => ({ header: `row ${i + 1}`, value: (f: FieldPlan) => printableValue(values.get(f.destination)) })),
    ],
    width === undefined ? true : { width },
  ).trimEnd();
  const rejected = preview.flatMap((row, i) => (row.errors.length === 0 ? [] : [`row ${i + 1} would be rejected: ${row.errors.map((e) => e.exception ?? e.destination).join('; ')}`]));
  const unavailable = plan.preview !== undefined && 'unavailable' in plan.preview ? [`no sample rows: ${plan.preview.unavailable}`] : [];
  return [table, ...rejected, ...unavailable].join('\n');
}

function printableValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The identity onboarding inferred: its descriptor's name reads `column → path (NAMESPACE)`. */
function identityOf(plan: OnboardResult): { column: string; namespace: string | undefined } | undefined {
  const name = plan.resources.find((r) => r.kind === 'identity')?.name;
  const match = name === undefined ? null : /^(.+?) → \S+(?: \((\w+)\))?$/.exec(name);
  return match ? { column: match[1] as string, namespace: match[2] } : undefined;
}

async function pickSchedule(deps: GuideDependencies, flags: GuidedFlags): Promise<void> {
  const { ask } = deps;
  flags.frequency ??= await ask.select(
    'How often the flow runs',
    FREQUENCIES.map((f) => ({ value: f, label: f })),
    'day',
  );
  if (flags.interval === undefined && flags.frequency !== 'once') {
    const unit = flags.frequency;
    const min = unit === 'minute' ? 15 : 1;
    flags.interval = await ask.text(`Every how many ${unit}s`, {
      initial: String(min),
      validate: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= min ? undefined : `a whole number, at least ${min}`),
    });
    flags.interval = flags.interval.trim();
  }
}

/** The flags the questions fill in, and --concurrency (its default always set): left out of the other flags. */
const ANSWERED = new Set(['connection', 'table', 'class', 'deltaColumn', 'identity', 'frequency', 'interval', 'concurrency']);

/**
 * The command line that onboards the same way without questions: every answer as a flag, then the flags the user
 * gave (`given`, as commander parsed them: `deltaColumn` is --delta-column, `false` a --no- flag).
 */
export function commandLine(answers: GuidedFlags, given: Readonly<Record<string, unknown>>): string {
  const words = ['flowctl', 'onboard'];
  const add = (flag: string, value: unknown) => {
    if (value === undefined) return;
    if (value === true) words.push(flag);
    else if (value === false) words.push(`--no-${flag.slice(2)}`);
    else words.push(flag, shellWord(String(value)));
  };
  add('--connection', answers.connection);
  add('--table', answers.table);
  add('--class', answers.class);
  add('--delta-column', answers.deltaColumn);
  add('--identity', answers.identity);
  add('--frequency', answers.frequency);
  add('--interval', answers.interval);
  for (const [key, value] of Object.entries(given)) {
    if (!ANSWERED.has(key)) add(`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value);
  }
  return words.join(' ');
}
