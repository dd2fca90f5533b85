// Exit codes, in one place (README: "Exit codes"). Scripts and CI branch on them.

export const ExitCode = {
  /** Done. */
  OK: 0,
  /** The Platform or the network failed (including a 4xx the Platform answered to valid-looking input). */
  FAILURE: 1,
  /** Bad usage or invalid input: nothing was sent. */
  USAGE: 2,
  /** Authentication or permission: token, credential, org, product profile. */
  AUTH: 3,
  /** The resource (or sandbox) does not exist. */
  NOT_FOUND: 4,
  /**
   * `plan` (or `destroy`/`offboard` without --confirm, `apply --dry-run`) found changes to make: what would change
   * is printed. 0 means the sandbox already matches the file. Lets CI tell "in sync" from "drifted". Also a delete
   * answered "no" at a terminal (confirm.ts): nothing was deleted.
   */
  CHANGES: 5,
  /** Waited as long as allowed (`run wait --timeout`) and the run had not finished. */
  TIMEOUT: 6,
  /** Ctrl-C at a question (guided onboarding): 128 + SIGINT, as a shell reports a command it interrupted. */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
