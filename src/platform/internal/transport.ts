// One HTTP exchange, one attempt: the only place that touches axios. It never throws for an HTTP status
// (the caller decides what a status means); it throws NetworkError or TimeoutError when no response came, and
// AbortError when the caller's signal cancelled it.
// Bodies are kept as text so that a truncated or HTML body becomes a clear error instead of a parse crash.

import type { AxiosInstance } from 'axios';
import { AbortError, NetworkError, TimeoutError } from '../errors.js';

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  timeoutMs: number;
  /** The caller's cancellation of the whole call (the attempt is abandoned when it fires). */
  signal?: AbortSignal | undefined;
}

export interface RawResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
}

export type Transport = (request: RawRequest) => Promise<RawResponse>;

/** A response whose body is read as it arrives (data files can be far larger than memory should hold). */
export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  body: NodeJS.ReadableStream;
}

export type StreamTransport = (request: RawRequest) => Promise<StreamResponse>;

export async function createAxios(userAgent: string): Promise<AxiosInstance> {
  const { default: axios } = await import('axios');
  const instance = axios.create({
    // Statuses are interpreted by the caller; redirects are not followed so that credentials never travel
    // to another host.
    validateStatus: () => true,
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    headers: { 'User-Agent': userAgent },
  });
  // TLS certificates are always verified: said explicitly, so that a NODE_TLS_REJECT_UNAUTHORIZED=0 left in the
  // environment cannot turn verification off for flowctl. The agent (and node:https, with tls and crypto: ≈ 2 ms)
  // is made for the first request that is not plain http, so that a command against a local emulator never loads it.
  instance.interceptors.request.use(async (config) => {
    if (!/^http:/i.test(config.url ?? '')) config.httpsAgent = await verifiedHttpsAgent();
    return config;
  });
  return instance;
}

let httpsAgent: Promise<import('node:https').Agent> | undefined;

function verifiedHttpsAgent(): Promise<import('node:https').Agent> {
  httpsAgent ??= import('node:https').then(({ Agent }) => new Agent({ rejectUnauthorized: true, keepAlive: true }));
  return httpsAgent;
}

export function axiosTransport(axios: AxiosInstance): Transport {
  return async (request) => {
    try {
      const response = await axios.request<string>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        data: request.body,
        timeout: request.timeoutMs,
        // Caps the whole exchange (headers and body), not only the wait for the first byte.
        signal: withCaller(AbortSignal.timeout(request.timeoutMs + 1000), request.signal),
      });
      const headers = lowerCaseHeaders(response.headers as Record<string, unknown>);
      return { status: response.status, headers, body: typeof response.data === 'string' ? response.data : '' };
    } catch (error) {
      throw toNetworkError(error, request);
    }
  };
}

function lowerCaseHeaders(raw: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

export function axiosStreamTransport(axios: AxiosInstance): StreamTransport {
  return async (request) => {
    try {
      const response = await axios.request<NodeJS.ReadableStream>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        data: request.body,
        // Only the wait for the response headers is limited: a large file may take longer to read.
        timeout: request.timeoutMs,
        // The caller's signal also ends a body still being read.
        ...(request.signal && { signal: request.signal }),
        responseType: 'stream',
        transformResponse: [(data: unknown) => data],
      });
      return { status: response.status, headers: lowerCaseHeaders(response.headers as Record<string, unknown>), body: response.data };
    } catch (error) {
      throw toNetworkError(error, request);
    }
  };
}

function withCaller(timeout: AbortSignal, caller: AbortSignal | undefined): AbortSignal {
  return caller ? AbortSignal.any([timeout, caller]) : timeout;
}

function toNetworkError(error: unknown, request: RawRequest): NetworkError | TimeoutError | AbortError {
  const e = error as { code?: string; message?: string; name?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  const where = { method: request.method, url: request.url, cause: error };
  const sent = request.method !== 'GET';
  // Checked first: axios reports a cancellation as it does its own timeout (CanceledError).
  if (request.signal?.aborted) return new AbortError({ ...where, title: 'request cancelled', outcomeUnknown: sent });
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || e.name === 'TimeoutError' || e.name === 'CanceledError') {
    // In seconds, but a timeout under one (the library's timeoutMs may be) would read as "0 s".
    const limit = request.timeoutMs < 1000 ? `${request.timeoutMs} ms` : `${Math.round(request.timeoutMs / 1000)} s`;
    return new TimeoutError({
      ...where,
      code: 'ETIMEDOUT',
      title: `no response within ${limit}`,
      outcomeUnknown: sent,
    });
  }
  const unreached = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  return new NetworkError({
    ...where,
    code,
    title: `could not reach ${new URL(request.url).host}`,
    detail: e.message && e.message !== code ? e.message : undefined,
    outcomeUnknown: sent && !unreached,
  });
}
