// `get` and `delete` for one kind of resource, built one way for every kind: the id argument checked before any
// request (exit 2, nothing sent), an example in --help, the item as labelled fields (or JSON with --json), a
// delete said in one line (or `{id, deleted: true}`). A kind says only what differs: its noun, its id rule, how
// it is read and shown, and how it is deleted.

import type { PlatformClient } from '../platform/client.js';
import type { Output } from '../output/output.js';
import { formatFields } from '../output/table.js';
import { example } from './options.js';
import type { GroupCommand } from './program.js';
import type { Runner } from './runner.js';

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
  group
    .command('delete')
    .description(verb.description)
    .argument('<id>', kind.idHelp ?? idLabel(kind))
    .addHelpText('after', example(`flowctl ${group.name()} delete ${kind.exampleId}`))
    .action(
      run(async (ctx, _flags, [id]) => {
        const checked = kind.checkId(id, idLabel(kind));
        await verb.remove(await ctx.client(), checked);
        ctx.out.changed(`Deleted ${kind.noun} ${checked}`, { id: checked, deleted: true });
      }),
    );
}
