import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  errorFromResponse,
  ImsError,
  InvalidInputError,
  NotAcceptableError,
  NotFoundError,
  parseErrorBody,
  PermissionDeniedError,
  PlatformError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  UnexpectedStatusError,
} from '../../src/platform/errors.js';

const FLOW_404 = {
  type: 'https://ns.adobe.com/aep/errors/FLOW-1439-404',
  title: 'Resource not found',
  status: 404,
  report: {
    'detailed-message':
      'The requested flows resource 84224def-1e2a-4d95-9ea2-132d697ed2aa is not found. Verify the resource ID before trying again.',
    id: '84224def-1e2a-4d95-9ea2-132d697ed2aa',
    'request-id': 'req-flow-123',
    type: 'flows',
  },
  errorMessage: 'The requested flows resource 84224def-... is not found. Verify the resource ID before trying again.',
  errorDetails: 'The requested flows resource 84224def-... is not found. Verify the resource ID before trying again.',
};

const XDM_404 = {
  type: 'http://ns.adobe.com/aep/errors/XDM-1012-404',
  title: 'Resource Not Found',
  status: 404,
  report: {
    registryRequestId: 'a6773f98-f5ba-4e3e-8ff8-320136cc6c48',
    timestamp: '10-22-2020 06:42:13',
    'detailed-message': 'Requested resource https://ns.adobe.com/acmecorp/schemas/abc with version 1 is not found',
    'sub-errors': [],
  },
  detail: 'Requested resource https://ns.adobe.com/acmecorp/schemas/abc with version 1 is not found',
};

describe('errorFromResponse: gateway bodies (§1.2)', () => {
  it('403010 missing token → PermissionDeniedError with the gateway code and message', () => {
    const error = errorFromResponse(403, { error_code: '403010', message: 'Oauth token is missing.' });
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PermissionDeniedError');
    expect(error.status).toBe(403);
    expect(error.code).toBe('403010');
    expect(error.title).toBe('Oauth token is missing.');
    expect(error.detail).toBeUndefined();
    expect(error.message).toBe('403 Oauth token is missing. [403010]');
  });

  it('401013 invalid token → AuthenticationError', () => {
    const error = errorFromResponse(401, { error_code: '401013', message: 'Oauth token is not valid' });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('401013');
    expect(error.title).toBe('Oauth token is not valid');
  });

  it('400003 missing header → BadRequestError', () => {
    const error = errorFromResponse(400, { error_code: '400003', message: 'Missing header' });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBe('400003');
    expect(error.title).toBe('Missing header');
  });

  it('accepts the gateway body as raw JSON text', () => {
    const error = errorFromResponse(403, '{"error_code":"403003","message":"Api Key is invalid"}');
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.code).toBe('403003');
    expect(error.title).toBe('Api Key is invalid');
  });

  it('a numeric error_code becomes a string code', () => {
    expect(parseErrorBody({ error_code: 403025, message: 'Profile is not valid' })).toMatchObject({ code: '403025', title: 'Profile is not valid' });
  });

  it('a throttle body with error_code and "error" (not IMS) takes the title from "error"', () => {
    const error = errorFromResponse(429, { error_code: '429050', error: 'too many requests' }, { headers: { 'retry-after': '7' } });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).not.toBeInstanceOf(ImsError);
    expect(error.code).toBe('429050');
    expect(error.title).toBe('too many requests');
    expect(error.retryAfter).toBe('7');
  });
});

describe('errorFromResponse: Flow Service problem bodies (§7.2)', () => {
  it('FLOW-1439-404 → NotFoundError with code, detail from report and request id from report', () => {
    const error = errorFromResponse(404, FLOW_404, { method: 'GET', url: 'https://platform.adobe.io/x' });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('FLOW-1439-404');
    expect(error.title).toBe('Resource not found');
    expect(error.detail).toBe(FLOW_404.report['detailed-message']);
    expect(error.requestId).toBe('req-flow-123');
    expect(error.method).toBe('GET');
    expect(error.url).toBe('https://platform.adobe.io/x');
    expect(error.message).toBe(`404 Resource not found — ${FLOW_404.report['detailed-message']} [FLOW-1439-404]`);
  });

  it('reads the same body from JSON text', () => {
    const error = errorFromResponse(404, JSON.stringify(FLOW_404));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('FLOW-1439-404');
    expect(error.requestId).toBe('req-flow-123');
  });

  it('falls back to errorMessage when there is neither detail nor report', () => {
    const parsed = parseErrorBody({
      type: 'https://ns.adobe.com/aep/errors/FLOW-1418-400',
      title: 'Invalid request',
      errorMessage: 'Base connection is used by flows and cannot be deleted',
    });
    expect(parsed).toEqual({
      code: 'FLOW-1418-400',
      title: 'Invalid request',
      detail: 'Base connection is used by flows and cannot be deleted',
      requestId: undefined,
    });
  });

  it('the old {"errorMessage":...} shape alone gives a readable error, without a code', () => {
    const body = { errorMessage: 'Supplied version=["1"] does not match the current version on entity=["2"]' };
    const error = errorFromResponse(412, body, { method: 'PATCH' });
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(error.code).toBeUndefined();
    expect(error.message).toContain('does not match the current version');
    // The text appears once, not repeated as title and detail.
    expect(error.message.split('does not match').length).toBe(2);
    expect(error.outcomeUnknown).toBe(false);
  });

  it('a plain {"message":...} body is used as the title', () => {
    expect(parseErrorBody({ message: 'Something broke' })).toMatchObject({ title: 'Something broke', detail: undefined, code: undefined });
  });

  it('a type without a trailing CODE-NNNN-NNN yields no code', () => {
    expect(parseErrorBody({ type: 'https://ns.adobe.com/aep/errors/unknown', title: 'X' }).code).toBeUndefined();
  });
});

describe('errorFromResponse: Schema Registry bodies (§4.6)', () => {
  it('XDM-1012-404 → NotFoundError with the registry request id', () => {
    const error = errorFromResponse(404, XDM_404);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('XDM-1012-404');
    expect(error.title).toBe('Resource Not Found');
    expect(error.detail).toBe(XDM_404.detail);
    expect(error.requestId).toBe('a6773f98-f5ba-4e3e-8ff8-320136cc6c48');
  });

  it('the older /placeholder/type/uri shape → BadRequestError with title and detail, no code', () => {
    const body = { type: '/placeholder/type/uri', status: 400, title: 'BadRequestError', detail: 'A valid content-type must be specified' };
    const error = errorFromResponse(400, body, { method: 'POST' });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBeUndefined();
    expect(error.title).toBe('BadRequestError');
    expect(error.detail).toBe('A valid content-type must be specified');
    expect(error.message).toBe('400 BadRequestError — A valid content-type must be specified');
  });

  it('406 → NotAcceptableError', () => {
    const error = errorFromResponse(406, { type: '/placeholder/type/uri', status: 406, title: 'NotAcceptableError', detail: 'Accept header' });
    expect(error).toBeInstanceOf(NotAcceptableError);
  });
});

describe('errorFromResponse: IMS OAuth bodies (§2)', () => {
  it('with ims: true → ImsError carrying the OAuth error as code', () => {
    const body = { error: 'invalid_client', error_description: 'invalid client_id parameter' };
    const error = errorFromResponse(401, body, { ims: true, method: 'POST' });
    expect(error).toBeInstanceOf(ImsError);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error.name).toBe('ImsError');
    expect(error.code).toBe('invalid_client');
    expect(error.title).toBe('invalid client_id parameter');
    expect(error.status).toBe(401);
  });

  it('an IMS body without error_description uses the error as title', () => {
    const error = errorFromResponse(400, '{"error":"invalid_scope"}', { ims: true });
    expect(error).toBeInstanceOf(ImsError);
    expect(error.code).toBe('invalid_scope');
    expect(error.title).toBe('invalid_scope');
  });

  it('a 5xx from IMS is a ServerError (retryable), not an ImsError', () => {
    const error = errorFromResponse(503, 'Service Unavailable', { ims: true, method: 'POST' });
    expect(error).toBeInstanceOf(ServerError);
    expect(error).not.toBeInstanceOf(ImsError);
  });

  it('without ims the same body follows the status class', () => {
    const error = errorFromResponse(400, { error: 'invalid_scope', error_description: 'bad scope' });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBe('invalid_scope');
  });
});

describe('errorFromResponse: non-JSON and empty bodies', () => {
  it('an HTML error page is described by its title, without markup', () => {
    const html =
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body></html>';
    const error = errorFromResponse(502, html, { method: 'GET' });
    expect(error).toBeInstanceOf(ServerError);
    expect(error.title).toBe('Bad gateway');
    expect(error.detail).toBe('an HTML page titled "502 Bad Gateway"');
    expect(error.message).not.toMatch(/[<>]/);
    expect(error.code).toBeUndefined();
  });

  it('a page without a title gives its text, cut to 120 characters plus an ellipsis', () => {
    const html = `<html><body><p>${'x'.repeat(500)}</p></body></html>`;
    const detail = parseErrorBody(html).detail;
    expect(detail).toBe(`${'x'.repeat(120)}…`);
  });

  it('markup only (no text) gives no detail', () => {
    expect(parseErrorBody('<html><body></body></html>')).toEqual({ detail: undefined });
  });

  it.each([
    ['empty string', ''],
    ['whitespace', '  \n '],
    ['undefined', undefined],
    ['null', null],
    ['JSON null', 'null'],
    ['an array', [1, 2]],
    ['a number', 42],
  ])('%s body → the status text as title', (_label, body) => {
    const error = errorFromResponse(404, body);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.title).toBe('Not found');
    expect(error.detail).toBeUndefined();
    expect(error.code).toBeUndefined();
    expect(error.message).toBe('404 Not found');
  });

  it('truncated JSON never throws and keeps the text as detail', () => {
    const truncated = '{"type":"https://ns.adobe.com/aep/errors/FLOW-1102-500","title":"Inter';
    expect(() => parseErrorBody(truncated)).not.toThrow();
    const error = errorFromResponse(500, truncated, { method: 'GET' });
    expect(error).toBeInstanceOf(ServerError);
    expect(error.title).toBe('Internal server error');
    expect(error.detail).toBe(truncated);
  });

  it('plain text body is the detail', () => {
    const error = errorFromResponse(503, 'upstream connect error');
    expect(error.detail).toBe('upstream connect error');
    expect(error.message).toBe('503 Service unavailable — upstream connect error');
  });
});

describe('errorFromResponse: status classes', () => {
  it.each([
    [400, BadRequestError, 'Bad request'],
    [401, AuthenticationError, 'Unauthorized'],
    [403, PermissionDeniedError, 'Forbidden'],
    [404, NotFoundError, 'Not found'],
    [406, NotAcceptableError, 'Not acceptable'],
    [409, ConflictError, 'Conflict'],
    [412, PreconditionFailedError, 'Precondition failed'],
    [429, RateLimitError, 'Too many requests'],
    [500, ServerError, 'Internal server error'],
    [502, ServerError, 'Bad gateway'],
    [503, ServerError, 'Service unavailable'],
    [504, ServerError, 'Gateway timeout'],
    [507, ServerError, 'HTTP 507'],
    [418, UnexpectedStatusError, 'HTTP 418'],
    [302, UnexpectedStatusError, 'HTTP 302'],
  ] as const)('%i → %o', (status, cls, title) => {
    const error = errorFromResponse(status, undefined);
    expect(error).toBeInstanceOf(cls);
    expect(error.name).toBe(cls.name);
    expect(error.status).toBe(status);
    expect(error.title).toBe(title);
  });

  it('a 412 is not a BadRequestError and a 429 is not a ServerError', () => {
    expect(errorFromResponse(412, undefined)).not.toBeInstanceOf(BadRequestError);
    expect(errorFromResponse(429, undefined)).not.toBeInstanceOf(ServerError);
  });
});

describe('errorFromResponse: headers and outcome', () => {
  it('x-request-id header wins over the body request id', () => {
    const error = errorFromResponse(404, FLOW_404, { headers: { 'x-request-id': 'hdr-req-1' } });
    expect(error.requestId).toBe('hdr-req-1');
  });

  it('the body request id is used when the header is absent', () => {
    expect(errorFromResponse(404, FLOW_404, { headers: {} }).requestId).toBe('req-flow-123');
  });

  it('retry-after header is kept as given (seconds or date)', () => {
    expect(errorFromResponse(503, undefined, { headers: { 'retry-after': '120' } }).retryAfter).toBe('120');
    expect(errorFromResponse(429, undefined, { headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } }).retryAfter).toBe(
      'Wed, 21 Oct 2015 07:28:00 GMT',
    );
    expect(errorFromResponse(429, undefined).retryAfter).toBeUndefined();
  });

  it.each([
    [500, 'POST', true],
    [503, 'POST', true],
    [504, 'PATCH', true],
    [502, 'PUT', true],
    [500, 'GET', false],
    [503, 'HEAD', false],
    [400, 'POST', false],
    [429, 'POST', false],
    [404, 'DELETE', false],
  ] as const)('%i on %s → outcomeUnknown %s', (status, method, unknown) => {
    expect(errorFromResponse(status, undefined, { method }).outcomeUnknown).toBe(unknown);
  });

  it('a 5xx with no method is not marked outcome-unknown', () => {
    expect(errorFromResponse(500, undefined).outcomeUnknown).toBe(false);
  });
});

describe('PlatformError', () => {
  it('keeps the cause and defaults outcomeUnknown to false', () => {
    const cause = new Error('socket hang up');
    const error = new ServerError({ title: 'boom', cause });
    expect(error.cause).toBe(cause);
    expect(error.outcomeUnknown).toBe(false);
    expect(error.message).toBe('boom');
  });

  it('does not repeat a detail equal to the title', () => {
    expect(new BadRequestError({ status: 400, title: 'Same', detail: 'Same' }).message).toBe('400 Same');
  });
});

describe('InvalidInputError', () => {
  it('message is "field: rule" and both parts are kept', () => {
    const error = new InvalidInputError('--interval', 'must be at least 15 when --frequency is minute');
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PlatformError);
    expect(error.name).toBe('InvalidInputError');
    expect(error.message).toBe('--interval: must be at least 15 when --frequency is minute');
    expect(error.field).toBe('--interval');
    expect(error.rule).toBe('must be at least 15 when --frequency is minute');
  });
});
