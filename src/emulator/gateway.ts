// The checks the adobe.io gateway makes before a request reaches a service (https://experienceleague.adobe.com/en/docs/experience-platform/landing/platform-apis/api-guide), in the
// gateway's own error format.

import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorCredentials } from './credentials.js';
import { gatewayError } from './errors.js';
import type { Caller, Reply } from './http-types.js';
import { verifyToken } from './ims.js';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** `validFrom`: tokens issued before this (epoch ms) are refused, as expired. */
export function checkGateway(headers: IncomingHttpHeaders, credentials: EmulatorCredentials, signingKey: string, now: number, validFrom = 0): Caller | Reply {
  const authorization = header(headers, 'authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!bearer) return gatewayError(403, '403010', 'Oauth token is missing.');
  const claims = verifyToken(bearer, signingKey, now);
  if (!claims || Number(claims.created_at) < validFrom) return gatewayError(401, '401013', 'Oauth token is not valid');
  const apiKey = header(headers, 'x-api-key');
  if (!apiKey) return gatewayError(403, '403000', 'Api Key is required');
  if (apiKey !== claims.client_id) return gatewayError(403, '403003', 'Api Key is invalid');
  const org = header(headers, 'x-gw-ims-org-id');
  if (!org) return gatewayError(400, '400003', 'Missing header');
  if (org !== credentials.orgId) return gatewayError(403, '403025', 'Profile is not valid');
  return { clientId: claims.client_id, orgId: org };
}

/** POST/PUT/PATCH with a body must say it is JSON. */
export function checkContentType(method: string, headers: IncomingHttpHeaders, rawBody: string): Reply | undefined {
  if (!['POST', 'PUT', 'PATCH'].includes(method) || rawBody.trim() === '') return undefined;
  const type = header(headers, 'content-type')?.toLowerCase() ?? '';
  if (/^application\/(json|json-patch\+json)\s*(;|$)/.test(type)) return undefined;
  return { status: 400, body: { type: '/placeholder/type/uri', status: 400, title: 'BadRequestError', detail: 'A valid content-type must be specified' } };
}

export function isReply(value: Caller | Reply): value is Reply {
  return (value as Reply).status !== undefined;
}
