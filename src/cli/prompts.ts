// Questions at a terminal (guided onboarding). The flow asks through `Asker`, so that a test answers from a script
// and a real terminal gets @clack/prompts, which is loaded only then (no other command pays for it). Prompts are
// drawn on stderr: stdout stays the command's result.

import type { CliIO } from './io.js';

export interface Choice<T> {
  value: T;
  label: string;
  hint?: string | undefined;
}

export interface Asker {
  /** One of `choices`; Enter takes `initial` (default: the first). */
  select<T>(message: string, choices: readonly Choice<T>[], initial?: T): Promise<T>;
  /** One of `choices`, filtered as the user types. */
  search<T>(message: string, choices: readonly Choice<T>[], initial?: T): Promise<T>;
  /** `validate` returns why a value is refused (shown under the prompt), or undefined. */
  text(message: string, options?: { initial?: string | undefined; validate?: ((value: string) => string | undefined) | undefined }): Promise<string>;
  /** Typed without being shown (a connection string with its password). */
  secret(message: string, validate?: (value: string) => string | undefined): Promise<string>;
  confirm(message: string, initial?: boolean): Promise<boolean>;
  /** A block of text under a title: what was found, what will happen. */
  show(title: string, body: string): void;
}

/** The user pressed Ctrl-C (or Escape) at a prompt. */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PromptCancelled';
  }
}

/** The Asker of a real terminal: @clack/prompts reading stdin and drawing on stderr. */
export async function terminalAsker(io: CliIO): Promise<Asker> {
  const clack = await import('@clack/prompts');
  const common = { input: io.stdin, output: io.stderr as unknown as import('node:stream').Writable };
  const answer = <T>(value: unknown): T => {
    if (clack.isCancel(value)) throw new PromptCancelled();
    return value as T;
  };
  const options = <T>(choices: readonly Choice<T>[]) => choices.map((c) => ({ value: c.value, label: c.label, ...(c.hint !== undefined && { hint: c.hint }) })) as never;
  return {
    select: async <T>(message: string, choices: readonly Choice<T>[], initial?: T) => answer<T>(await clack.select<unknown>({ ...common, message, options: options(choices), ...(initial !== undefined && { initialValue: initial }) })),
    search: async <T>(message: string, choices: readonly Choice<T>[], initial?: T) =>
      answer<T>(await clack.autocomplete<unknown>({ ...common, message, options: options(choices), maxItems: 12, placeholder: 'type to filter', ...(initial !== undefined && { initialValue: initial }) })),
    text: async (message, { initial, validate } = {}) =>
      answer<string>(await clack.text({ ...common, message, ...(initial !== undefined && { initialValue: initial }), ...(validate && { validate: (v: string | undefined) => validate(v ?? '') }) })),
    secret: async (message, validate) => answer<string>(await clack.password({ ...common, message, ...(validate && { validate: (v: string | undefined) => validate(v ?? '') }) })),
    confirm: async (message, initial = true) => answer<boolean>(await clack.confirm({ ...common, message, initialValue: initial })),
    show: (title, body) => clack.note(body, title, { output: common.output } as never),
  };
}
