// IMS: `POST /ims/token/v3` (client_credentials, form-encoded) issues signed tokens that the gateway checks.
// Tokens look like IMS's (a JWT with `created_at` and `expires_in` in ms) and are signed with a key kept in the
// data dir, so they stay valid across restarts and are refused once expired.

import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EmulatorCredentials } from './credentials.js';
import type { Reply } from './http-types.js';

export interface TokenClaims {
  client_id: string;
  user_id: string;
  scope: string;
  created_at: string;
  expires_in: string;
  type: 'access_token';
  id: string;
}

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function sign(payload: string, key: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

export function issueToken(clientId: string, scope: string, key: string, now: number, ttlSeconds: number): string {
  const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT', x5u: 'flowctl-emulator' }));
  const claims: TokenClaims = {
    client_id: clientId,
    user_id: `${clientId}@techacct.adobe.com`,
    scope,
    created_at: String(now),
    expires_in: String(ttlSeconds * 1000),
    type: 'access_token',
    id: randomUUID(),
  };
  const body = `${header}.${b64(JSON.stringify(claims))}`;
  return `${body}.${sign(body, key)}`;
}

/** The token's claims if it is ours, intact and unexpired. */
export function verifyToken(token: string, key: string, now: number): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${header}.${payload}`, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    if (now >= Number(claims.created_at) + Number(claims.expires_in)) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}

function oauthError(status: number, error: string, description: string): Reply {
  return { status, body: { error, error_description: description } };
}

/** Handles a token request whose parameters came from the form body (or, as Postman sends them, the query). */
export function tokenRequest(params: URLSearchParams, credentials: EmulatorCredentials, key: string, now: number, ttlSeconds: number): Reply {
  const grant = params.get('grant_type');
  const clientId = params.get('client_id');
  const secret = params.get('client_secret');
  const scope = params.get('scope');
  if (!grant) return oauthError(400, 'invalid_request', 'grant_type is missing');
  if (grant !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', `grant_type ${grant} is not supported`);
  if (!clientId || !secret) return oauthError(400, 'invalid_request', 'client_id and client_secret are required');
  if (clientId !== credentials.clientId || secret !== credentials.clientSecret) return oauthError(401, 'invalid_client', 'invalid client_id or client_secret');
  if (!scope) return oauthError(400, 'invalid_scope', 'scope is missing');
  const asked = scope.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = asked.filter((s) => !credentials.scopes.includes(s));
  if (unknown.length > 0) return oauthError(400, 'invalid_scope', `invalid scope (${unknown.join(',')})`);
  return {
    status: 200,
    body: { access_token: issueToken(clientId, asked.join(','), key, now, ttlSeconds), token_type: 'bearer', expires_in: ttlSeconds },
  };
}
