// Command lines flowctl prints for a person to copy and run again (offboard's `--confirm` line, guided
// onboarding's line with every answer as a flag): each word as a POSIX shell reads it back.

/** `text` bare when the shell would read it unchanged, else in single quotes (a quote inside written '\''). */
export function shellWord(text: string): string {
  return /^[\w.,:@%+=/-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
