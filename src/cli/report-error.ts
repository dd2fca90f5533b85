// Turns any failure into the one line a person can act on: what happened, in the Platform's words, and what
// to do about it. Stack traces only with --debug. Secrets are scrubbed from whatever a server echoed.

import {
  AuthenticationError,
  ImsError,
  InvalidInputError,
  NotFoundError,
  PermissionDeniedError,
  PlatformError,
} from '../platform/errors.js';
import { refusedLocally } from '../platform/internal/retry.js';
import { scrubText } from '../platform/redact.js';
import { printable } from '../platform/text.js';
import { ExitCode } from './exit-codes.js';

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof InvalidInputError) return ExitCode.USAGE;
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError || error instanceof ImsError) return ExitCode.AUTH;
  if (error instanceof NotFoundError) return ExitCode.NOT_FOUND;
  return ExitCode.FAILURE;
}

/** What to do, by the Platform's code first, then by the error's status or kind. */
const HINTS_BY_CODE: Record<string, string> = {
  '403010': 'set AEP_ACCESS_TOKEN or AEP_CLIENT_SECRET',
  '401013': 'the token is invalid or expired: set a fresh AEP_ACCESS_TOKEN, or use AEP_CLIENT_SECRET so flowctl renews it',
  '403000': "set AEP_API_KEY to the credential's client id",
  '403003': "check AEP_API_KEY: it must be the OAuth credential's client id",
  '400003': 'set AEP_IMS_ORG to the organization id (…@AdobeOrg)',
  '403025': 'check AEP_IMS_ORG: the credential is not entitled to this organization',
  '403027': 'check AEP_IMS_ORG and that the credential has an Experience Platform product profile',
  invalid_client: 'check AEP_API_KEY and AEP_CLIENT_SECRET (Developer Console → your project → OAuth Server-to-Server)',
  invalid_scope: 'check AEP_SCOPES against the scopes listed on the credential in Developer Console',
  'FLOW-2105-400': 'set AEP_SANDBOX_NAME or pass --sandbox',
  'FLOW-2100-404': 'check the sandbox name (AEP_SANDBOX_NAME or --sandbox)',
  'FLOW-2101-404': 'check the sandbox name (AEP_SANDBOX_NAME or --sandbox)',
  'FLOW-1418-400': 'delete the flows that use this connection first (flowctl flow list)',
  'FLOW-1415-400': 'pass --auth-spec with a name listed by GET /connectionSpecs/{id}, or check --spec',
  'FLOW-1425-400': 'the mapping set must target the same schema as the target dataset',
  'FLOW-1422-400': 'the flow is already in that state',
  'FLOW-1404-412': 'the resource changed since it was read: run the command again',
};

/** Command groups that have a `list`. */
const LISTABLE = new Set(['connection', 'source', 'schema', 'dataset', 'target', 'mapping', 'flowspec', 'flow', 'run']);

function hintFor(error: PlatformError, command: string): string | undefined {
  if (error.code && HINTS_BY_CODE[error.code]) return HINTS_BY_CODE[error.code];
  switch (error.name) {
    case 'AuthenticationError':
      return 'the token was rejected: check AEP_ACCESS_TOKEN, or AEP_API_KEY/AEP_CLIENT_SECRET';
    case 'PermissionDeniedError':
      return 'check the credential\'s product profile and permissions for this sandbox';
    case 'NotFoundError':
      return LISTABLE.has(command) ? `check the id and the sandbox (list what exists with \`flowctl ${command} list\`)` : 'check the id and the sandbox';
    case 'RateLimitError':
      return 'the Platform is throttling: wait a minute, or lower the concurrency';
    case 'ServerError':
      if (error.url?.includes('/ims/token')) return 'IMS is failing: try again later, or check AEP_IMS_URL';
      return error.outcomeUnknown ? 'the Platform may have applied the change anyway: check before running again' : 'the Platform failed: try again later';
    case 'TimeoutError':
      return error.outcomeUnknown
        ? 'the change may have been applied: check before running again (FLOWCTL_TIMEOUT raises the limit)'
        : 'raise FLOWCTL_TIMEOUT or check the network';
    case 'NetworkError':
      if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(error.code ?? '')) {
        return "the server's TLS certificate is not trusted: fix it, or add your CA with NODE_EXTRA_CA_CERTS (flowctl never turns verification off)";
      }
      if (refusedLocally(error)) {
        return `nothing is listening there: start the emulator (\`flowctl emulator start --save-env .env\`, in another terminal) or check AEP_PLATFORM_URL / AEP_IMS_URL`;
      }
      return 'check AEP_PLATFORM_URL / AEP_IMS_URL, the network and any proxy';
    case 'AbortError':
      // Exit code 1 like any call that did not finish; only a write cut short needs a word of advice.
      return error.outcomeUnknown ? 'the change may have been applied before it was cancelled: check before running again' : undefined;
    case 'ResponseShapeError':
      return 'the server did not answer like the Platform API: check AEP_PLATFORM_URL';
    default:
      return undefined;
  }
}

export interface ErrorReport {
  line: string;
  stack?: string | undefined;
}

export function reportError(error: unknown, options: { command: string; debug: boolean; secrets: readonly string[] }): ErrorReport {
  const scrub = (text: string) => scrubText(text, options.secrets);
  // One line, whatever the value or the server's message held (a newline, an ANSI escape): see printable().
  const oneLine = (text: string) => printable(scrub(text));
  if (error instanceof InvalidInputError) return { line: oneLine(`error: ${error.field}: ${error.rule}`) };
  if (error instanceof PlatformError) {
    const hint = hintFor(error, options.command);
    const requestId = error.requestId ? ` (request id ${error.requestId})` : '';
    return {
      line: oneLine(`error: ${error.message}${hint ? ` — ${hint}` : ''}${requestId}`),
      stack: options.debug ? scrub(error.stack ?? '') : undefined,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    line: oneLine(`error: ${message}${options.debug ? '' : ' (run with --debug for details)'}`),
    stack: options.debug && error instanceof Error ? scrub(error.stack ?? '') : undefined,
  };
}
