// Which command group a command line names, read before commander is loaded: main.ts picks the bundle that holds
// the group with it, and program.ts registers that group in full. One function for both, so that the bundle
// chosen always holds the group commander will run.

/** Index of the first argument that is a command name rather than an option or an option's value. */
export function firstOperand(argv: readonly string[]): number {
  const takesValue = new Set(['--sandbox', '--platform-url']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (takesValue.has(arg)) i++;
    else if (!arg.startsWith('-')) return i;
  }
  return -1;
}

/** The group run (`flowctl flow list` → flow), or shown (`flowctl help flow` → flow); undefined for the root. */
export function wantedGroup(argv: readonly string[]): string | undefined {
  let at = firstOperand(argv);
  if (at >= 0 && argv[at] === 'help') {
    const next = firstOperand(argv.slice(at + 1));
    at = next < 0 ? -1 : next + at + 1;
  }
  return at >= 0 ? argv[at] : undefined;
}
