// Shapes shared by every service, and the one function that checks a response against its shape.
// Response shapes are loose (unknown fields are kept: the Platform adds fields over time) and check only
// what flowctl relies on.

import * as z from './zod.js';
import { lazySchema } from './lazy.js';
import { InvalidInputError, ResponseShapeError } from '../errors.js';
import type { PlatformRequest } from '../internal/http.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `{id, etag}`: what Flow Service answers to a create, a PATCH or an action. */
export const Created = lazySchema(() => z.looseObject({ id: z.string().check(z.minLength(1)), etag: z.optional(z.string()) }));
export type Created = z.infer<typeof Created>;

/** A connection spec or flow spec reference. */
export const SpecRef = lazySchema(() => z.looseObject({ id: z.string().check(z.minLength(1)), version: z.optional(z.string()) }));
export type SpecRef = z.infer<typeof SpecRef>;

function pathOf(issue: z.core.$ZodIssue): string {
  return issue.path.length === 0 ? 'body' : issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** Checks a response body; a wrong shape is a ResponseShapeError naming the field, never a crash later on. */
export function parseResponse<T extends z.ZodMiniType>(schema: T, data: unknown, request: Pick<PlatformRequest, 'method' | 'path'>): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? `${pathOf(issue)}: ${issue.message}` : 'unexpected shape';
  throw new ResponseShapeError({
    title: `unexpected response to ${request.method} ${request.path}`,
    detail: where,
    method: request.method,
  });
}

/** Checks a request body before it is sent: a violation names the field and the rule, and nothing is sent. */
export function parseRequest<T extends z.ZodMiniType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InvalidInputError(issue ? pathOf(issue) : 'body', issue?.message ?? 'invalid');
}
