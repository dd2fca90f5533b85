// A person answering guided onboarding's questions from a script (src/cli/prompts.ts): each answer in turn, checked
// against the question it was meant for, so that a test fails when the questions change.

import { type Asker, type Choice, PromptCancelled } from '../../src/cli/prompts.js';

/** Enter: the default (or the first choice). */
export const ENTER = Symbol('enter');
/** Ctrl-C at this question. */
export const CTRL_C = Symbol('ctrl-c');

/** `[a part of the question, the answer]`: a choice's label, text, yes/no, ENTER or CTRL_C. */
export type Step = readonly [string, string | boolean | typeof ENTER | typeof CTRL_C];

export interface ScriptedAsker extends Asker {
  /** Every question asked, in order. */
  asked: string[];
  /** Every block shown (title and body). */
  shown: string[];
}

export function scriptedAsker(steps: readonly Step[]): ScriptedAsker {
  const queue = [...steps];
  const asked: string[] = [];
  const shown: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    const step = queue.shift();
    if (step === undefined) throw new Error(`unexpected question: ${message}`);
    if (!message.includes(step[0])) throw new Error(`expected a question about "${step[0]}", was asked "${message}"`);
    if (step[1] === CTRL_C) throw new PromptCancelled();
    return step[1];
  };
  const pick = <T>(message: string, choices: readonly Choice<T>[], initial?: T): T => {
    const answer = next(message);
    if (answer === ENTER) return initial ?? (choices[0] as Choice<T>).value;
    const found = choices.find((c) => c.label === answer);
    if (!found) throw new Error(`"${String(answer)}" is not a choice of "${message}": ${choices.map((c) => c.label).join(', ')}`);
    return found.value;
  };
  const typed = (message: string, initial: string | undefined, validate?: (value: string) => string | undefined): string => {
    const answer = next(message);
    const value = answer === ENTER ? (initial ?? '') : String(answer);
    const problem = validate?.(value);
    if (problem !== undefined) throw new Error(`"${value}" refused at "${message}": ${problem}`);
    return value;
  };
  return {
    asked,
    shown,
    select: async (message, choices, initial) => pick(message, choices, initial),
    search: async (message, choices, initial) => pick(message, choices, initial),
    text: async (message, options = {}) => typed(message, options.initial, options.validate),
    secret: async (message, validate) => typed(message, undefined, validate),
    confirm: async (message, initial = true) => {
      const answer = next(message);
      return answer === ENTER ? initial : answer === true;
    },
    show: (title, body) => {
      shown.push(`${title}\n${body}`);
    },
  };
}
