import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorRequest } from '../../src/emulator/http-types.js';
import { createFlowService, type DatabaseAccess } from '../../src/emulator/services/flow-service/index.js';
import { SERVICES, startTestEmulator, type ApiResponse, type TestEmulator } from '../helpers/emulator.js';

const F = SERVICES.flow;
const MYSQL = '26d738e0-8963-47ea-aadf-c60de735468a';
const POSTGRES = '74a1c565-4e59-48d7-9d67-7c03b8a13137';
const CS_AUTH = 'Connection String Based Authentication';

let e: TestEmulator;
/** Connection ids by name, created oldest first: alpha … echo. */
const ids = new Map<string, string>();
const NAMES = ['charlie', 'alpha', 'echo', 'bravo', 'delta, the fourth'];

beforeAll(async () => {
  e = await startTestEmulator();
  for (const [i, name] of NAMES.entries()) {
    const postgres = i % 2 === 1;
    const r = await e.api('POST', `${F}/connections`, {
      body: {
        name,
        auth: {
          specName: CS_AUTH,
          params: { connectionString: postgres ? 'Server=pg;Database=d;Port=5432;UID=u;Password=p' : 'Server=db;Port=3306;Database=d;UID=u;PWD=p;' },
        },
        connectionSpec: { id: postgres ? POSTGRES : MYSQL, version: '1.0' },
      },
    });
    expect(r.status).toBe(201);
    ids.set(name, r.body.id);
    // Distinct createdAt values, so that ordering by them is meaningful.
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
});
afterAll(() => e.close());

const list = (query: string) => e.api('GET', `${F}/connections?${query}`);
const names = async (query: string) => {
  const r = await list(query);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items.map((c: { name: string }) => c.name);
};

function expectError(r: ApiResponse, flowCode: string): void {
  expect({ status: r.status, type: r.body?.type }, JSON.stringify(r.body)).toEqual({
    status: Number(flowCode.split('-')[1]),
    type: `https://ns.adobe.com/aep/errors/FLOW-${flowCode}`,
  });
}

describe('flow service lists: paging', () => {
  it('pages with limit and an opaque continuation token, keeping the query in the next link', async () => {
    const seen: string[] = [];
    let r = await list(`limit=2&property=${encodeURIComponent('name!=nobody')}&orderby=createdAt`);
    const hrefs: string[] = [];
    for (;;) {
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.items.map((c: { name: string }) => c.name));
      const href = r.body._links.next?.href as string | undefined;
      if (!href) break;
      hrefs.push(href);
      r = await e.api('GET', `${F}${href}`);
    }
    expect(seen).toEqual(NAMES);
    expect(r.body._links).toEqual({});
    expect(hrefs).toHaveLength(2);
    const next = new URL(hrefs[0] as string, 'http://x');
    expect(next.pathname).toBe('/connections');
    expect(next.searchParams.get('continuationToken')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect([next.searchParams.get('limit'), next.searchParams.get('property'), next.searchParams.get('orderby')]).toEqual(['2', 'name!=nobody', 'createdAt']);
  });

  it('shows everything on one page by default, with empty links', async () => {
    const r = await list('');
    expect(r.body.items.map((c: { name: string }) => c.name)).toEqual(NAMES);
    expect(r.body._links).toEqual({});
  });

  it('counts, and refuses count with limit, a bad limit or a forged token', async () => {
    expect((await list('count=true')).body).toEqual({ count: 5 });
    expect((await list(`count=true&property=connectionSpec.id==${POSTGRES}`)).body).toEqual({ count: 2 });
    expectError(await list('count=true&limit=2'), '1401-400');
    expectError(await list('limit=0'), '1451-400');
    expectError(await list('limit=ten'), '1451-400');
    expectError(await list('continuationToken=not-a-token'), '1451-400');
  });
});

describe('flow service lists: filters', () => {
  it('filters by equality, inequality, any-of, quoted values and nested fields', async () => {
    expect(await names('property=name==alpha')).toEqual(['alpha']);
    expect(await names('property=name=="alpha"')).toEqual(['alpha']);
    expect(await names(`property=${encodeURIComponent('name=="delta, the fourth"')}`)).toEqual(['delta, the fourth']);
    expect(await names('property=name==alpha,bravo')).toEqual(['alpha', 'bravo']);
    expect(await names(`property=connectionSpec.id==${POSTGRES}`)).toEqual(['alpha', 'bravo']);
    expect(await names(`property=connectionSpec.id!=${POSTGRES}&property=name!=echo`)).toEqual(['charlie', 'delta, the fourth']);
    expect(await names(`property=id==${ids.get('echo')},${ids.get('charlie')}`)).toEqual(['charlie', 'echo']);
    expect(await names('property=state==enabled&property=name==charlie')).toEqual(['charlie']);
  });

  it('compares numbers numerically', async () => {
    const all = (await list('')).body.items as { name: string; createdAt: number }[];
    const third = all[2] as { createdAt: number };
    expect(await names(`property=createdAt>${third.createdAt}`)).toEqual(NAMES.slice(3));
    expect(await names(`property=createdAt>=${third.createdAt}`)).toEqual(NAMES.slice(2));
    expect(await names(`property=createdAt<${third.createdAt}`)).toEqual(NAMES.slice(0, 2));
    expect(await names(`property=createdAt<=${third.createdAt}&property=createdAt>${(all[0] as { createdAt: number }).createdAt}`)).toEqual(NAMES.slice(1, 3));
    // 9 < 10 numerically, though "9" > "10" as text.
    expect(await names('property=createdAt>9&property=createdAt<10')).toEqual([]);
  });

  it('filters arrays with [] on the specs', async () => {
    const specs = await e.api('GET', `${F}/flowSpecs?property=sourceConnectionSpecIds[]==${MYSQL}`);
    expect(specs.body.items.map((s: { name: string }) => s.name)).toEqual(['CRMToAEP']);
    expect((await e.api('GET', `${F}/flowSpecs?property=sourceConnectionSpecIds[]==00000000-0000-0000-0000-000000000000`)).body.items).toEqual([]);
    const pg = await e.api('GET', `${F}/connectionSpecs?property=name=="postgre-sql"`);
    expect(pg.body.items.map((s: { id: string }) => s.id)).toEqual([POSTGRES]);
    const byAuth = await e.api('GET', `${F}/connectionSpecs?property=authSpec[].name=="Basic Authentication for PostgreSQL"`);
    expect(byAuth.body.items.map((s: { id: string }) => s.id)).toEqual([POSTGRES]);
  });

  it('refuses malformed filters', async () => {
    expectError(await list('property=bogus==1'), '1449-400');
    expectError(await list('property=na%20me==1'), '1449-400');
    expectError(await list('property=name~=alpha'), '1450-400');
    expectError(await list('property=name=alpha'), '1450-400');
    expectError(await list('property=name=='), '1453-400');
    expectError(await list('property=name'), '1453-400');
    expectError(await list('property=createdAt>soon'), '1452-400');
    expectError(await list('property=createdAt>1,2'), '1443-400');
  });
});

describe('flow service lists: sorting', () => {
  it('orders ascending, descending, with +, and by nested fields', async () => {
    const sorted = [...NAMES].sort();
    expect(await names('orderby=name')).toEqual(sorted);
    expect(await names('orderby=%2Bname')).toEqual(sorted);
    expect(await names('orderby=-name')).toEqual([...sorted].reverse());
    expect(await names('orderby=-createdAt')).toEqual([...NAMES].reverse());
    expect(await names('orderby=connectionSpec.id,name')).toEqual(['charlie', 'delta, the fourth', 'echo', 'alpha', 'bravo']);
  });

  it('refuses unknown or malformed sort fields', async () => {
    expectError(await list('orderby=shoeSize'), '1432-400');
    expectError(await list('orderby=%23id'), '1433-400');
    expectError(await list('orderby=*name'), '1433-400');
  });
});

describe('flow service: database access', () => {
  it('goes through the DatabaseAccess given to createFlowService', async () => {
    const seen: string[] = [];
    const databases: DatabaseAccess = {
      test: async (connection) => {
        seen.push(`test ${connection.spec.name} ${String(connection.auth.params['connectionString'])}`);
        return { result: true };
      },
      explore: async (connection, query) => {
        seen.push(`explore ${connection.id} ${query.get('objectType')}`);
        return [{ type: 'table', name: 'shop.customers', path: 'shop.customers', canPreview: true, canFetchSchema: true }];
      },
    };
    const dev = e.emulator.store.sandbox('dev');
    if (!dev) throw new Error('no dev sandbox');
    const service = createFlowService({ store: e.emulator.store, credentials: e.emulator.credentials, tenantId: 'flowctl', now: Date.now }, databases);
    const id = ids.get('charlie') as string;
    const call = async (path: string, query = '') => {
      const match = service.router.match('GET', path);
      if (!match || match === 'methodNotAllowed') throw new Error(`no route for ${path}`);
      const request: EmulatorRequest = {
        method: 'GET',
        path,
        query: new URLSearchParams(query),
        headers: {},
        body: undefined,
        rawBody: '',
        sandbox: dev,
        caller: { clientId: e.emulator.credentials.clientId, orgId: e.emulator.credentials.orgId },
        store: e.emulator.store,
        now: Date.now(),
        requestId: 'test',
      };
      return match.handler(request, match.params);
    };
    expect(await call(`/connections/${id}/test`)).toEqual({ status: 200, body: { result: true } });
    expect((await call(`/connections/${id}/explore`, 'objectType=root')).body).toHaveLength(1);
    // The reader gets the real credentials, not the masked ones.
    expect(seen).toEqual(['test mysql Server=db;Port=3306;Database=d;UID=u;PWD=p;', `explore ${id} root`]);
  });
});
