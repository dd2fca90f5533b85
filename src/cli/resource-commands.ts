// `get`, `list` and `delete` for every kind of resource, built one way: the id argument and the flags checked
// before any setting is read or request sent (exit 2, nothing sent), an example in --help, the item as labelled
// fields or the items as a table (or JSON with --json), a delete said in one line (or `{id, deleted: true}`). A
// kind says only what differs: its noun, its id rule, its filters, how it is read and shown, how it is deleted.
// A list keeps its own flag definitions (so that commander types them) and takes its action from `listAction`.

import type { PlatformClient } from '../platform/client.js';
import type { Output } from '../output/output.js';
import { type Column, formatFields } from '../output/table.js';
import { canAsk, confirm, yesOption } from './confirm.js';
import { ExitCode } from './exit-codes.js';
import { example, type ListFlags, maxItems, take } from './options.js';
import type { GroupCommand } from './program.js';
import type { Handler, Runner } from './runner.js';

/** One labelled line of `get`'s output. */
export type Field = readonly [string, string | number | boolean | undefined | null];

export interface ResourceKind {
  /** As people say it: `source connection`. */
  noun: string;
  /** Checks an id given on the command line, naming `label` in its error; returns it as the API takes it. */
  checkId: (id: string, label: string) => string;
  /** The id argument's help (default: `<noun> id`). */
  idHelp?: string;
  /** An id for the example in --help. */
  exampleId: string;
}

export interface GetVerb<Item> {
  description: string;
  read: (client: PlatformClient, id: string) => Promise<Item>;
  /** The item as labelled fields. */
  fields: (item: Item) => readonly Field[];
  /** Printed below the fields when there is more to say (a run's errors). */
  more?: (item: Item, out: Output) => string | undefined;
}

export interface DeleteVerb {
  description: string;
  remove: (client: PlatformClient, id: string) => Promise<void>;
  /**
   * Asks before deleting, at a terminal only (confirm.ts), unless --confirm or --yes is given. Elsewhere (a pipe,
   * CI, --json) the delete goes ahead as it always has: the flags are accepted there and change nothing.
   */
  ask?: true;
}

const idLabel = (kind: ResourceKind) => `${kind.noun} id`;

export function addGet<Item>(group: GroupCommand, run: Runner, kind: ResourceKind, verb: GetVerb<Item>): void {
  group
    .command('get')
    .description(verb.description)
    .argument('<id>', kind.idHelp ?? idLabel(kind))
    .addHelpText('after', example(`flowctl ${group.name()} get ${kind.exampleId}`))
    .action(
      run(async (ctx, _flags, [id]) => {
        // The id is checked before anything else: a bad one is exit 2 even where settings are missing.
        const checked = kind.checkId(id, idLabel(kind));
        const item = await verb.read(await ctx.client(), checked);
        ctx.out.result(item, () => {
          const fields = formatFields(verb.fields(item), ctx.out.style.dim);
          const more = verb.more?.(item, ctx.out);
          return more === undefined ? fields : `${fields}\n${more}`;
        });
      }),
    );
}

export function addDelete(group: GroupCommand, run: Runner, kind: ResourceKind, verb: DeleteVerb): void {
  const base = group
    .command('delete')
    .description(verb.description)
    .argument('<id>', kind.idHelp ?? idLabel(kind))
    .addHelpText('after', example(`flowctl ${group.name()} delete ${kind.exampleId}`));
  const askable = (command: typeof base) => command.option('--confirm', 'delete without asking (only a terminal asks)').addOption(yesOption());
  // Only the kinds that ask have the flags; for the others `confirm` is typed but never set.
  const command = verb.ask ? askable(base) : (base as unknown as ReturnType<typeof askable>);
  command.action(
    run(async (ctx, flags, [id]) => {
      const checked = kind.checkId(id, idLabel(kind));
      const client = await ctx.client();
      if (verb.ask && flags.confirm !== true && !ctx.dryRun && canAsk(ctx.io, ctx.out.json) && !(await confirm(ctx.io, `Delete ${kind.noun} ${checked} from sandbox ${client.http.sandbox}?`))) {
        ctx.out.info(`Nothing was deleted: \`flowctl ${group.name()} delete ${checked} --confirm\` deletes it without asking.`);
        return ExitCode.CHANGES;
      }
      await verb.remove(client, checked);
      ctx.out.changed(`Deleted ${kind.noun} ${checked}`, { id: checked, deleted: true });
      return ExitCode.OK;
    }),
  );
}

export interface ListVerb<Item, Flags extends ListFlags> {
  /** Checks the filters (before any setting is read or request sent) and says how to read the items. */
  query: (flags: Flags, maxItems: number) => (client: PlatformClient) => AsyncIterable<Item>;
  columns: readonly Column<Item>[];
  /** Each item as shown, in the table and in JSON (a connection with its credentials masked). */
  shown?: (item: Item) => Item;
}

/** The action of a `list` command (its flags typed by the command it runs for, `--limit`/`--all` among them). */
export function listAction<Item, Flags extends ListFlags>(verb: ListVerb<Item, Flags>): Handler<[], Flags> {
  return async (ctx, flags) => {
    const read = verb.query(flags, maxItems(flags));
    const items = await take(read(await ctx.client()));
    ctx.out.table(verb.shown ? items.map(verb.shown) : items, verb.columns);
  };
}
