// Command flags are typed by their definitions (src/cli/runner.ts): `command.action(run(handler))` gives the
// handler the flags and arguments the command's `.option`, `.requiredOption`, `.addOption` and `.argument` calls
// define. The `@ts-expect-error` lines are the test that matters: `npx tsc -p tsconfig.json --noEmit` fails if
// inference breaks and a handler may again read a flag its command does not define, or read it as another type.

import { Readable } from 'node:stream';
import { Option } from '@commander-js/extra-typings';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { collect, parseInteger } from '../../src/cli/options.js';
import { createProgram, type GroupCommand } from '../../src/cli/program.js';
import { createRunner, type RunState } from '../../src/cli/runner.js';
import { runCli } from '../helpers/cli.js';

function quietIO(): CliIO {
  const sink = { write: () => true, isTTY: false, columns: 80 };
  return { stdout: sink, stderr: sink, stdin: Readable.from([]) as CliIO['stdin'], env: {}, cwd: process.cwd() };
}

/** A command built as the real ones are: a subcommand of a group of the root program. */
function defineAdd(group: GroupCommand) {
  return group
    .command('add')
    .argument('<id>', 'widget id')
    .requiredOption('--size <n>', 'size', (value: string) => parseInteger('--size', value, { min: 1 }))
    .option('--tag <tag>', 'repeatable', collect)
    .option('--force', 'a switch')
    .addOption(new Option('--color <color>', 'one of').choices(['red', 'blue'] as const).default('red'));
}

function setUp() {
  const io = quietIO();
  const program = createProgram(io);
  const state: RunState = { exitCode: -1 };
  return { program, state, run: createRunner(io, state), add: defineAdd(program.command('widgets')) };
}

describe('command flags inferred from their definitions', () => {
  it('types each flag and argument as its definition parses it, and nothing else', () => {
    const { run, add } = setUp();
    add.action(
      run(async (ctx, flags, [id]) => {
        expectTypeOf(flags.size).toEqualTypeOf<number>();
        expectTypeOf(flags.tag).toEqualTypeOf<string[] | undefined>();
        expectTypeOf(flags.force).toEqualTypeOf<true | undefined>();
        expectTypeOf(flags.color).toEqualTypeOf<'red' | 'blue'>();
        expectTypeOf(id).toEqualTypeOf<string>();
        // The global options come from the root program's definitions too (context.ts).
        expectTypeOf(ctx.globals.sandbox).toEqualTypeOf<string | undefined>();
        // @ts-expect-error: --nope is not a flag of `widgets add`
        void flags.nope;
      }),
    );
    // @ts-expect-error: a handler that needs a flag the command does not define
    add.action(run(async (_ctx, _flags: { size: number; missing: string }) => undefined));
    // @ts-expect-error: --tag is a string[] (repeatable), not a string
    add.action(run(async (_ctx, _flags: { tag?: string }) => undefined));
    // @ts-expect-error: --force is a switch, not a string
    add.action(run(async (_ctx, _flags: { force?: string }) => undefined));
    // @ts-expect-error: --size is parsed to a number
    add.action(run(async (_ctx, _flags: { size: string }) => undefined));
    // @ts-expect-error: the command takes one argument, not two
    add.action(run(async (_ctx, _flags, _args: [string, string]) => undefined));
  });

  it('hands the handler the parsed flags, the arguments and the global options, and keeps its exit code', async () => {
    const { program, state, run, add } = setUp();
    let seen: unknown;
    add.action(
      run(async (ctx, flags, args) => {
        seen = { flags, args, json: ctx.out.json, sandbox: ctx.globals.sandbox };
        return 7;
      }),
    );
    await program.parseAsync(['widgets', 'add', 'w1', '--size', '3', '--tag', 'a', '--tag', 'b', '--force', '--json', '--sandbox', 'dev'], { from: 'user' });
    expect(seen).toEqual({ flags: { size: 3, tag: ['a', 'b'], force: true, color: 'red' }, args: ['w1'], json: true, sandbox: 'dev' });
    expect(state.exitCode).toBe(7);
  });

  it('a real command receives its parsed flags: target create --dry-run plans the body from them', async () => {
    const schema = '_acme.schemas.52b59140414aa6a370ef5e21155fd7a686744b8739ecc168';
    const result = await runCli(['target', 'create', '--schema', schema, '--dataset', '5c8c3c555033b814b69f947f', '--name', 'Shop target', '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const [planned] = JSON.parse(result.stdout) as { body: { name: string; params: { dataSetId: string } } }[];
    expect(planned?.body.name).toBe('Shop target');
    expect(planned?.body.params.dataSetId).toBe('5c8c3c555033b814b69f947f');
  });
});
