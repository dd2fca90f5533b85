// nock with the network closed: every test declares the requests it expects and asserts they all happened;
// `unmatched` records any request nobody expected (a bad-input test asserts it stays empty).

import nock from 'nock';
import { afterEach, beforeEach, expect } from 'vitest';
import { CLIENT_ID, ORG, PLATFORM, SANDBOX, TOKEN } from './cli.js';

export const unmatched: string[] = [];

export function useNock(): void {
  beforeEach(() => {
    nock.cleanAll();
    nock.disableNetConnect();
    unmatched.length = 0;
    nock.emitter.on('no match', record);
  });
  afterEach(() => {
    nock.emitter.off('no match', record);
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending, 'every expected request was made').toEqual([]);
  });
}

function record(req: { method?: string; path?: string; options?: { method?: string; path?: string } }): void {
  unmatched.push(`${req.method ?? req.options?.method ?? '?'} ${req.path ?? req.options?.path ?? '?'}`);
}

/** The Platform gateway, expecting the four AEP headers on every request. */
export function platform(): nock.Scope {
  return nock(PLATFORM, {
    reqheaders: {
      authorization: `Bearer ${TOKEN}`,
      'x-api-key': CLIENT_ID,
      'x-gw-ims-org-id': ORG,
      'x-sandbox-name': SANDBOX,
    },
  });
}

/**
 * Catch-all interceptors answering 599: if any request reaches the Platform, one of them is used up.
 * With `expectNothingSent` it proves that a rejected input sent nothing at all.
 */
export function trap(): nock.Scope {
  return nock(PLATFORM).get(() => true).reply(599).post(() => true).reply(599).patch(() => true).reply(599).delete(() => true).reply(599);
}

export function expectNothingSent(scope: nock.Scope): void {
  expect(unmatched).toEqual([]);
  expect(scope.pendingMocks(), 'no request reached the Platform').toHaveLength(4);
  nock.cleanAll();
}

export const FLOW = '/data/foundation/flowservice';
export const REGISTRY = '/data/foundation/schemaregistry';
export const CATALOG = '/data/foundation/catalog';
export const CONVERSION = '/data/foundation/conversion';

export { nock };
