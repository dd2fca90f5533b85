// flowService.runs.create against the replies Adobe has documented for `POST /runs` (nock): `{"items": [{id,
// etag}]}` (the on-demand ingestion tutorial) and the whole run its older page showed; a reply without an id is
// a clear error.

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createPlatformClient } from '../../src/platform/client.js';
import { ResponseShapeError } from '../../src/platform/errors.js';
import { useNock } from '../helpers/nock.js';

const PLATFORM = 'https://platform.adobe.io';
const FLOW = '3abea21c-7e36-4be1-bec1-d3bad0e3e0de';
const RUN = '3fb0418e-1804-45d6-8d56-dd51f05c0baf';
const ETAG = '"1100c53e-0000-0200-0000-627138980000"';
const BODY = { flowId: FLOW, params: { startTime: 1663735590, windowStartTime: 1651584991, windowEndTime: 1651585956, deltaColumn: { name: 'DOB' } } };

useNock();

const NOW = 1_760_000_000_000;
const client = (maxRetries = 0) => createPlatformClient({ sandbox: 'dev', orgId: 'ORG@AdobeOrg', clientId: 'cid', accessToken: 'tok', maxRetries, sleep: async () => undefined, now: () => NOW });
const runs = () => nock(PLATFORM, { reqheaders: { 'content-type': 'application/json', 'x-sandbox-name': 'dev' } }).post('/data/foundation/flowservice/runs', BODY);

describe('flowService.runs.create', () => {
  it('sends the tutorial’s body and reads {items: [{id, etag}]}', async () => {
    runs().reply(201, { items: [{ id: RUN, etag: ETAG }] });
    expect(await (await client()).flowService.runs.create(BODY)).toEqual({ id: RUN, etag: ETAG });
  });

  it('reads the whole run the older page showed', async () => {
    runs().reply(201, { id: RUN, flowId: FLOW, etag: ETAG, metrics: { statusSummary: { status: 'scheduled' } }, activities: [] });
    expect(await (await client()).flowService.runs.create(BODY)).toMatchObject({ id: RUN, etag: ETAG });
  });

  it('says plainly when the reply names no run', async () => {
    runs().reply(201, { items: [] });
    await expect((await client()).flowService.runs.create(BODY)).rejects.toBeInstanceOf(ResponseShapeError);
  });

  it('adopts the run a create that answered 500 made, instead of starting a second run', async () => {
    runs().reply(500, { title: 'Internal error' });
    nock(PLATFORM)
      .get('/data/foundation/flowservice/runs')
      .query(true)
      .reply(200, { items: [{ id: RUN, flowId: FLOW, createdAt: NOW + 50, etag: ETAG }, { id: 'older', flowId: FLOW, createdAt: NOW - 3_600_000 }] });
    expect(await (await client(1)).flowService.runs.create(BODY)).toEqual({ id: RUN, etag: ETAG });
  });

  it('sends it again when no run was made since, and does not take an older run or an undated one for it', async () => {
    runs().reply(500, { title: 'Internal error' });
    nock(PLATFORM)
      .get('/data/foundation/flowservice/runs')
      .query(true)
      .reply(200, { items: [{ id: 'older', flowId: FLOW, createdAt: NOW - 3_600_000 }, { id: 'undated', flowId: FLOW }] });
    runs().reply(201, { items: [{ id: RUN, etag: ETAG }] });
    expect(await (await client(1)).flowService.runs.create(BODY)).toEqual({ id: RUN, etag: ETAG });
  });
});
