// Onboarding latency: `flowctl onboard` of one PostgreSQL table (creating its base connection) against two
// emulators, one answering at once and one delaying every response by `latency` ms. The difference in wall time,
// divided by the latency, is the number of round trips the command waits for one after another (its critical
// path), whatever its start-up and CPU cost.
//
//   fresh   a new --name prefix per sample: everything is created (connection included)
//   re-run  the same prefix again: everything is found in place
//   tutorial the same calls as the seed tutorial, sent strictly one after another with the library
//
// The token cache (FLOWCTL_CACHE_DIR, one per emulator) is warmed by a first onboard and kept across samples, so
// IMS is not part of what is measured. Flows start a day from now, so that no run competes with the requests.

import { cleanup, flowctl, flowctlEnv, futureStart, libraryClient, median, POSTGRES_SPEC, prepareSmallDatabase, round, startEmulator, tempDir } from './lib.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TABLE = 'public.people';

/** One `flowctl onboard` (fresh or re-run); resolves with its wall time and the requests it reports. */
async function onboardOnce(emulator, dir, prefix) {
  const r = await flowctl(
    ['onboard', '--spec', 'postgresql', '--connection-string-file', join(dir, 'conn.txt'), '--table', TABLE, '--name', prefix, '--start-time', String(futureStart()), '--json'],
    { env: flowctlEnv(emulator.settings, emulator.cacheDir), cwd: dir },
  );
  const out = JSON.parse(r.stdout);
  return { ms: r.ms, requests: out.requests, created: out.resources.filter((x) => x.action === 'create').length };
}

/**
 * The seed tutorial's calls, one after another: token (cached), connection spec, connection, explore, tenant
 * stats, field group, schema, identity descriptor, dataset, source, target, mapping set, flow spec, flow.
 */
async function tutorialOnce(emulator, connectionString, prefix) {
  const started = performance.now();
  const aep = await libraryClient(emulator.settings, emulator.cacheDir);
  const { flowService: fs, schemaRegistry: sr, catalog, dataPrep } = aep;
  const { DATA_LAKE_SPEC_ID, CRM_TO_AEP_FLOW_SPEC_ID, XED_FULL_V1, XDM_PROFILE_CLASS, XDM_PROFILE_PERSON_DETAILS, XDM_PROFILE_PERSONAL_DETAILS } = await import('../dist/index.js');
  await aep.tokens.getToken();
  await fs.connectionSpecs.get(POSTGRES_SPEC);
  const connection = await fs.connections.create({
    name: `${prefix} connection`,
    auth: { specName: 'Connection String Based Authentication', params: { connectionString } },
    connectionSpec: { id: POSTGRES_SPEC, version: '1.0' },
  });
  const explored = await fs.connections.exploreTable(connection.id, TABLE);
  if (explored.schema.columns.length === 0) throw new Error(`explore found no column in ${TABLE}`);
  const { tenantId } = await sr.stats();
  const tenant = `_${tenantId}`;
  const fieldGroup = await sr.fieldGroups.create({
    type: 'object',
    title: `${prefix} fields`,
    description: `Columns of ${TABLE}`,
    'meta:intendedToExtend': [XDM_PROFILE_CLASS],
    definitions: {
      customFields: {
        properties: {
          [tenant]: {
            type: 'object',
            properties: {
              id: { title: 'ID', type: 'string' },
              score: { title: 'Score', type: 'number' },
              updatedAt: { title: 'Updated at', type: 'string', format: 'date-time' },
            },
          },
        },
      },
    },
    allOf: [{ $ref: '#/definitions/customFields' }],
  });
  const schema = await sr.schemas.create({
    type: 'object',
    title: `${prefix} schema`,
    description: `Profile records from ${TABLE}`,
    allOf: [XDM_PROFILE_CLASS, XDM_PROFILE_PERSON_DETAILS, XDM_PROFILE_PERSONAL_DETAILS, fieldGroup.$id].map(($ref) => ({ $ref })),
  });
  await sr.descriptors.create({
    '@type': 'xdm:descriptorIdentity',
    'xdm:sourceSchema': schema.$id,
    'xdm:sourceVersion': 1,
    'xdm:sourceProperty': `/${tenant}/id`,
    'xdm:namespace': 'CRMID',
    'xdm:property': 'xdm:code',
    'xdm:isPrimary': true,
  });
  const datasetId = await catalog.datasets.create({ name: `${prefix} dataset`, schemaRef: { id: schema.$id, contentType: XED_FULL_V1 } });
  const source = await fs.sourceConnections.create({
    name: `${prefix} source`,
    baseConnectionId: connection.id,
    connectionSpec: { id: POSTGRES_SPEC, version: '1.0' },
    data: { format: 'tabular' },
    params: { tableName: TABLE },
  });
  const target = await fs.targetConnections.create({
    name: `${prefix} target`,
    connectionSpec: { id: DATA_LAKE_SPEC_ID, version: '1.0' },
    data: { format: 'parquet_xdm', schema: { id: schema.$id, version: XED_FULL_V1 } },
    params: { dataSetId: datasetId },
  });
  const mapping = await dataPrep.mappingSets.create({
    name: `${prefix} mapping`,
    outputSchema: { schemaRef: { id: schema.$id, contentType: XED_FULL_V1 } },
    mappings: [
      ['id', `${tenant}.id`],
      ['full_name', 'person.name.fullName'],
      ['email', 'personalEmail.address'],
      ['birth_date', 'person.birthDate'],
      ['score', `${tenant}.score`],
      ['updated_at', `${tenant}.updatedAt`],
    ].map(([source, destination]) => ({ sourceType: 'ATTRIBUTE', source, destination })),
  });
  const flowSpec = await fs.flowSpecs.get(CRM_TO_AEP_FLOW_SPEC_ID);
  await fs.flows.create({
    name: `${prefix} flow`,
    flowSpec: { id: flowSpec.id, version: '1.0' },
    sourceConnectionIds: [source.id],
    targetConnectionIds: [target.id],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: 'updated_at' } } },
      { name: 'Mapping', params: { mappingId: mapping.id, mappingVersion: String(mapping.version ?? 0) } },
    ],
    scheduleParams: { startTime: futureStart(), frequency: 'day', interval: 1 },
    // The mapping names the bench table's columns: the create's column checks would only add round trips.
  }, { checked: true });
  return { ms: performance.now() - started, requests: aep.http.attempts };
}

export async function benchOnboard({ runs, latency, log }) {
  const { connectionString } = await prepareSmallDatabase();
  const dir = tempDir('onboard');
  writeFileSync(join(dir, 'conn.txt'), connectionString);
  const emulators = {};
  try {
    for (const ms of [0, latency]) {
      emulators[ms] = await startEmulator({ latency: ms });
      emulators[ms].cacheDir = join(dir, `cache-${ms}`);
    }
    const samples = { fresh: { 0: [], [latency]: [] }, rerun: { 0: [], [latency]: [] }, tutorial: { 0: [], [latency]: [] } };
    const requests = { fresh: [], rerun: [], tutorial: [] };
    log(`Onboarding: warm-up (fills the token caches), then ${runs} samples at --latency 0 and --latency ${latency}…`);
    for (let i = -1; i < runs; i++) {
      for (const ms of [0, latency]) {
        const emulator = emulators[ms];
        const prefix = i < 0 ? 'bench warm-up' : `bench ${i}`;
        const fresh = await onboardOnce(emulator, dir, prefix);
        // The database's base connection is made by the first onboarding (the warm-up) and shared by the next ones.
        if (fresh.created < (i < 0 ? 9 : 8)) throw new Error(`a fresh onboard created only ${fresh.created} resources`);
        const rerun = await onboardOnce(emulator, dir, prefix);
        if (rerun.created !== 0) throw new Error(`a re-run created ${rerun.created} resources`);
        const tutorial = await tutorialOnce(emulator, connectionString, `tutorial ${i < 0 ? 'warm-up' : i}`);
        if (i < 0) continue;
        samples.fresh[ms].push(fresh.ms);
        samples.rerun[ms].push(rerun.ms);
        samples.tutorial[ms].push(tutorial.ms);
        if (ms === 0) {
          requests.fresh.push(fresh.requests);
          requests.rerun.push(rerun.requests);
          requests.tutorial.push(tutorial.requests);
        }
      }
    }
    const figure = (kind) => {
      const at0 = median(samples[kind][0]);
      const atLatency = median(samples[kind][latency]);
      return {
        wallMsAt0: round(at0, 0),
        wallMsAtLatency: round(atLatency, 0),
        roundTrips: round((atLatency - at0) / latency, 1),
        requests: median(requests[kind]),
      };
    };
    return { runs, latencyMs: latency, table: TABLE, tokenCache: 'warm (FLOWCTL_CACHE_DIR kept across samples)', fresh: figure('fresh'), rerun: figure('rerun'), tutorial: figure('tutorial') };
  } finally {
    for (const e of Object.values(emulators)) await e.stop();
    cleanup(dir);
  }
}
