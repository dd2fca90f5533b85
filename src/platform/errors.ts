// Every failure the client can raise is one of the classes below, built in one place
// (`errorFromResponse`) from the HTTP status and whatever body the Platform sent back. The Platform speaks
// several error dialects — the gateway's `{error_code, message}`, Flow Service's `FLOW-xxxx-yyy` problem
// bodies, Schema Registry's `XDM-xxxx-yyy` problem bodies, IMS's OAuth `{error, error_description}` — and
// callers should not have to know which one they got. See
// https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting,
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide and
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors.

export interface PlatformErrorDetails {
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** The Platform's own code: `403010`, `FLOW-1418-400`, `XDM-1012-404`, `invalid_client`, … */
  code?: string | undefined;
  /** Short title (`Resource not found`, `Oauth token is missing.`). */
  title: string;
  /** The longer explanation the Platform gave, if any. */
  detail?: string | undefined;
  /** The request id to quote to Adobe support. */
  requestId?: string | undefined;
  method?: string | undefined;
  url?: string | undefined;
  /** Seconds (or an HTTP date) the server asked us to wait, from `Retry-After`. */
  retryAfter?: string | undefined;
  /** True when a create may or may not have happened (timeout, reset, 5xx after sending). */
  outcomeUnknown?: boolean | undefined;
  cause?: unknown;
}

/** Base class of every error raised by the Platform client. */
export class PlatformError extends Error {
  // Each class says its name rather than reading it from the class (new.target.name): the CLI's bundles shorten
  // identifiers, class names included (scripts/build.mjs), and the CLI tells errors apart by name.
  override readonly name: string = 'PlatformError';
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly retryAfter: string | undefined;
  readonly outcomeUnknown: boolean;

  constructor(details: PlatformErrorDetails) {
    super(describe(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.code = details.code;
    this.title = details.title;
    this.detail = details.detail;
    this.requestId = details.requestId;
    this.method = details.method;
    this.url = details.url;
    this.retryAfter = details.retryAfter;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }
}

/** 400: the Platform rejected the request as invalid. */
export class BadRequestError extends PlatformError {
  override readonly name = 'BadRequestError';
}
/** 401: the token is invalid or expired. */
export class AuthenticationError extends PlatformError {
  override readonly name = 'AuthenticationError';
}
/** 403: missing token, bad API key, org or permission. */
export class PermissionDeniedError extends PlatformError {
  override readonly name = 'PermissionDeniedError';
}
/** 404: no such resource (or sandbox). */
export class NotFoundError extends PlatformError {
  override readonly name = 'NotFoundError';
}
/** 406: Schema Registry did not accept the `Accept` header. */
export class NotAcceptableError extends PlatformError {
  override readonly name = 'NotAcceptableError';
}
/** 409: conflict. */
export class ConflictError extends PlatformError {
  override readonly name = 'ConflictError';
}
/** 412: the `If-Match` etag is stale. */
export class PreconditionFailedError extends PlatformError {
  override readonly name = 'PreconditionFailedError';
}
/** 429: throttled. */
export class RateLimitError extends PlatformError {
  override readonly name = 'RateLimitError';
}
/** 5xx: the Platform failed. */
export class ServerError extends PlatformError {
  override readonly name = 'ServerError';
}
/** Any other non-2xx status. */
export class UnexpectedStatusError extends PlatformError {
  override readonly name = 'UnexpectedStatusError';
}
/** IMS refused to issue a token (OAuth error body). */
export class ImsError extends PlatformError {
  override readonly name = 'ImsError';
}
/** No response: DNS, refused, reset, TLS. */
export class NetworkError extends PlatformError {
  override readonly name = 'NetworkError';
}
/** The attempt's timeout elapsed before a response arrived. */
export class TimeoutError extends PlatformError {
  override readonly name = 'TimeoutError';
}
/** A 2xx response whose body is not what the API documents. */
export class ResponseShapeError extends PlatformError {
  override readonly name = 'ResponseShapeError';
}
/**
 * The caller cancelled the call (its `signal` fired): during an attempt or a back-off wait. Never retried, since
 * the caller no longer wants the answer; a write cancelled mid-flight may or may not have been applied.
 */
export class AbortError extends PlatformError {
  override readonly name = 'AbortError';
}

/**
 * Input rejected before anything was sent: names the field and the rule it breaks.
 * The CLI maps it to exit code 2.
 */
export class InvalidInputError extends Error {
  readonly field: string;
  readonly rule: string;
  constructor(field: string, rule: string) {
    super(`${field}: ${rule}`);
    this.name = 'InvalidInputError';
    this.field = field;
    this.rule = rule;
  }
}

function describe(d: PlatformErrorDetails): string {
  const parts: string[] = [];
  if (d.status !== undefined) parts.push(String(d.status));
  parts.push(d.title);
  if (d.detail && d.detail !== d.title) parts.push(`— ${d.detail}`);
  if (d.code) parts.push(`[${d.code}]`);
  return parts.join(' ');
}

type ErrorClass = new (details: PlatformErrorDetails) => PlatformError;

function classForStatus(status: number): ErrorClass {
  if (status === 400) return BadRequestError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 406) return NotAcceptableError;
  if (status === 409) return ConflictError;
  if (status === 412) return PreconditionFailedError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  return UnexpectedStatusError;
}

export interface ResponseContext {
  method?: string;
  url?: string;
  /** Response headers, lower-cased names. */
  headers?: Record<string, string | undefined>;
  /** The response came from IMS (OAuth error bodies). */
  ims?: boolean;
}

/** The one factory: HTTP status + body (parsed JSON, text or nothing) → typed error. */
export function errorFromResponse(status: number, body: unknown, context: ResponseContext = {}): PlatformError {
  const parsed = parseErrorBody(body);
  const headers = context.headers ?? {};
  const details: PlatformErrorDetails = {
    status,
    code: parsed.code,
    title: parsed.title ?? statusText(status),
    detail: parsed.detail,
    requestId: headers['x-request-id'] ?? parsed.requestId,
    method: context.method,
    url: context.url,
    retryAfter: headers['retry-after'],
    // Asking IMS for a token changes nothing, whatever its answer.
    outcomeUnknown: !context.ims && status >= 500 && context.method !== undefined && !['GET', 'HEAD'].includes(context.method),
  };
  if (context.ims && status < 500) return new ImsError(details);
  if (context.ims) details.title = `IMS could not issue a token: ${details.title}`;
  return new (classForStatus(status))(details);
}

interface ParsedErrorBody {
  code?: string | undefined;
  title?: string | undefined;
  detail?: string | undefined;
  requestId?: string | undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * A body that is not JSON, as a person would describe it: an HTML page (from a proxy, a load balancer, a login
 * portal) by its title, anything else as a short snippet of its text, never the markup.
 */
export function describeBody(body: string): string | undefined {
  const text = body.trim();
  if (/^<(!doctype|html|head|body)\b/i.test(text) || /<html[\s>]/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
    if (title) return `an HTML page titled "${title}"`;
  }
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  if (plain === '') return undefined;
  return plain.length > 120 ? `${plain.slice(0, 120)}…` : plain;
}

/** Reads whichever error dialect the body is in; never throws. */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text === '') return {};
    try {
      return parseErrorBody(JSON.parse(text));
    } catch {
      return { detail: describeBody(text) };
    }
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const b = body as Record<string, unknown>;
  const report = b['report'] && typeof b['report'] === 'object' ? (b['report'] as Record<string, unknown>) : {};

  // IMS (OAuth 2.0): {"error":"invalid_client","error_description":"..."}
  if (typeof b['error'] === 'string' && b['error_code'] === undefined) {
    return { code: b['error'], title: str(b['error_description']) ?? b['error'] };
  }
  // Gateway: {"error_code":"403010","message":"Oauth token is missing."}
  if (b['error_code'] !== undefined) {
    return { code: str(b['error_code']), title: str(b['message']) ?? str(b['error']) };
  }
  // Flow Service and Schema Registry problem bodies: the code is the last segment of `type`.
  const type = str(b['type']);
  const code = type?.match(/([A-Z]+-\d+-\d+)$/)?.[1];
  const detail =
    str(b['detail']) ?? str(report['detailed-message']) ?? str(b['errorMessage']) ?? str(b['errorDetails']) ?? str(b['message']);
  const title = str(b['title']) ?? str(b['message']) ?? str(b['errorMessage']);
  return {
    code,
    title,
    detail: detail === title ? undefined : detail,
    requestId: str(report['request-id']) ?? str(report['registryRequestId']),
  };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? `HTTP ${status}`;
}
