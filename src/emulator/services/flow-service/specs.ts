// The Platform's read-only catalogs: connection specs (https://developer.adobe.com/experience-platform-apis/references/flow-service/; per database, e.g. https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/databases/mysql) and the CRMToAEP flow spec
// (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql). They are org-agnostic, so they live here as data rather than in the per-sandbox store, and the
// validators read the same JSON schemas the API shows.

import type { Schema } from './json-schema.js';

export const PROVIDER_ID = '0ed90a81-07f4-4586-8190-b40eccef1c5a';
export const DATA_LAKE_SPEC_ID = 'c604ff05-7f1a-43c0-8e18-33bf874cb11c';
export const CRM_TO_AEP_ID = '14518937-270c-4525-bdec-c2ba7cce3860';
export const SPEC_VERSION = '1.0';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

export interface AuthSpec {
  name: string;
  type: string;
  spec: Schema;
}

export interface ConnectionSpec {
  id: string;
  name: string;
  providerId: string;
  version: string;
  authSpec: AuthSpec[];
  sourceSpec?: { name: string; type: string; spec: Schema };
  targetSpec?: { name: string; type: string; spec: Schema };
  exploreSpec?: { name: string; type: string };
  attributes: Record<string, unknown>;
  permissionsInfo: Record<string, unknown>;
}

export interface NamedSpec {
  name: string;
  type?: string;
  spec: Schema;
}

export interface FlowSpec {
  id: string;
  name: string;
  providerId: string;
  version: string;
  sourceConnectionSpecIds: string[];
  targetConnectionSpecIds: string[];
  scheduleSpec: NamedSpec;
  transformationSpecs: NamedSpec[];
  optionSpec: NamedSpec;
  runSpec: NamedSpec;
  attributes: Record<string, unknown>;
  permissionsInfo: Record<string, unknown>;
}

const permissions = (name: string) => ({
  view: [{ '@type': 'lowLevel', name, permissions: ['read'] }],
  manage: [{ '@type': 'lowLevel', name, permissions: ['write'] }],
});

const text = (description?: string): Schema => (description ? { type: 'string', description } : { type: 'string' });
const secret = (description?: string): Schema => ({ ...text(description), format: 'password' });

function objectSchema(properties: Record<string, Schema>, required: string[]): Schema {
  return { $schema: DRAFT_07, type: 'object', properties, required };
}

/** MySQL's pattern as its spec GET shows it (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/databases/mysql); the other connection strings have no documented pattern. */
const MYSQL_PATTERN = '^([sS]erver=)(.*)( ?;[pP]ort=)(.*)(; ?[dD]atabase=)(.*)(; ?[uU]id=)(.*)(; ?[pP]wd=)(.*)(;)';

function connectionStringAuth(name: string, format: string, pattern?: string): AuthSpec {
  const connectionString: Schema = { ...secret(`Connection string, e.g. ${format}`), ...(pattern && { pattern }) };
  return { name, type: 'connectionStringAuth', spec: objectSchema({ connectionString }, ['connectionString']) };
}

/** Key-based auth: every listed param, secrets marked as passwords; `optional` ones not required. */
function paramAuth(name: string, params: Record<string, Schema>, optional: string[] = []): AuthSpec {
  return { name, type: 'KeyBased', spec: objectSchema(params, Object.keys(params).filter((p) => !optional.includes(p))) };
}

const CS = 'Connection String Based Authentication';
const server = text('Host name of the database server');
const port = { type: 'integer', description: 'Port of the database server' };
const database = text('Database name');
const username = text('User name');
const password = secret('Password');

function databaseSpec(id: string, name: string, label: string, authSpec: AuthSpec[]): ConnectionSpec {
  return {
    id,
    name,
    providerId: PROVIDER_ID,
    version: SPEC_VERSION,
    authSpec,
    sourceSpec: {
      name: 'Database',
      type: 'Database',
      spec: {
        $schema: DRAFT_07,
        type: 'object',
        description: 'Defines the params required when this connection is used as a source in a flow.',
        properties: {
          tableName: text('The table path as explore returns it, e.g. schema.table'),
          columns: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' } }, required: ['name'] } },
        },
        required: ['tableName'],
      },
    },
    exploreSpec: { name: 'Tabular', type: 'Tabular' },
    attributes: { category: 'Database', connectorName: label, isSource: true, uiAttributes: { apiFeatures: { explorePaginationSupported: false } } },
    permissionsInfo: permissions('EnterpriseSource'),
  };
}

export const CONNECTION_SPECS: readonly ConnectionSpec[] = [
  databaseSpec('26d738e0-8963-47ea-aadf-c60de735468a', 'mysql', 'MySQL', [
    connectionStringAuth(CS, 'Server={SERVER};Port={PORT};Database={DB};UID={USER};PWD={PASSWORD};', MYSQL_PATTERN),
    paramAuth('Basic Authentication', { server, port, database, username, password, sslMode: text('SSL mode') }, ['sslMode']),
  ]),
  databaseSpec('d6b52d86-f0f8-475f-89d4-ce54c8527328', 'oracle', 'Oracle', [
    connectionStringAuth('ConnectionString', 'Host={HOST};Port={PORT};Sid={SID};User Id={USER};Password={PASSWORD}'),
    paramAuth('Basic Authentication', { server, port, database, username, password, schema: text('Schema'), sslMode: text('SSL mode') }, ['schema', 'sslMode']),
  ]),
  // The PostgreSQL page creates connections as "Connection String Based Authentication" while its spec GET
  // shows "Basic Authentication for PostgreSQL": both are accepted.
  databaseSpec('74a1c565-4e59-48d7-9d67-7c03b8a13137', 'postgre-sql', 'PostgreSQL', [
    connectionStringAuth(CS, 'Server={SERVER};Database={DB};Port={PORT};UID={USER};Password={PASSWORD}'),
    connectionStringAuth('Basic Authentication for PostgreSQL', 'Server={SERVER};Database={DB};Port={PORT};UID={USER};Password={PASSWORD}'),
  ]),
  databaseSpec('1f372ff9-38a4-4492-96f5-b9a4e4bd00ec', 'sql-server', 'Microsoft SQL Server', [
    connectionStringAuth(CS, 'Data Source={SERVER};Initial Catalog={DB};Integrated Security=False;User ID={USER};Password={PASSWORD};'),
  ]),
  databaseSpec('3000eb99-cd47-43f3-827c-43caf170f015', 'mariadb', 'MariaDB', [
    connectionStringAuth(CS, 'Server={HOST};Port={PORT};Database={DB};UID={USER};PWD={PASSWORD}'),
  ]),
  databaseSpec('09182899-b429-40c9-a15a-bf3ddbc8ced7', 'ibm-db2', 'IBM DB2', [
    paramAuth('Basic Authentication', { server: text('host[:port]'), database, authenticationType: text('Authentication type'), username, password }),
  ]),
  databaseSpec('3416976c-a9ca-4bba-901a-1f08f66978ff', 'amazon-redshift', 'Amazon Redshift', [
    paramAuth('Basic Authentication', { server, database, username, password }),
  ]),
  databaseSpec('b2e08744-4f1a-40ce-af30-7abac3e23cf3', 'snowflake', 'Snowflake', [
    connectionStringAuth('Basic Authentication for Snowflake', 'jdbc:snowflake://{ACCOUNT}.snowflakecomputing.com/?user={USER}&password={PASSWORD}&db={DB}&warehouse={WAREHOUSE}'),
  ]),
  databaseSpec('3c9b37f8-13a6-43d8-bad3-b863b941fedd', 'google-big-query', 'Google BigQuery', [
    paramAuth('Basic Authentication', { project: text('Project id'), clientId: text('OAuth client id'), clientSecret: secret('OAuth client secret'), refreshToken: secret('OAuth refresh token') }),
  ]),
  databaseSpec('a49bcc7d-8038-43af-b1e4-5a7a089a7d79', 'azure-synapse-analytics', 'Azure Synapse Analytics', [
    connectionStringAuth(CS, 'Server=tcp:{SERVER},1433;Database={DB};User ID={USER};Password={PASSWORD};'),
    paramAuth('Service Principal Key Based Authentication', {
      server,
      database,
      tenant: text('Tenant id'),
      servicePrincipalId: text('Service principal id'),
      servicePrincipalKey: secret('Service principal key'),
    }),
  ]),
  databaseSpec('37b6bf40-d318-4655-90be-5cd6f65d334b', 'greenplum', 'Greenplum', [
    connectionStringAuth('Basic Authentication', 'HOST={HOST};PORT={PORT};DB={DB};UID={USER};PWD={PASSWORD}'),
  ]),
  databaseSpec('e9d7ec6b-0873-4e57-ad21-b3a7c65e310b', 'azure-databricks', 'Azure Databricks', [
    paramAuth(
      'Access Token Authentication',
      { domain: text('Workspace domain'), clusterId: text('Cluster id'), accessToken: secret('Personal access token'), database, catalog: text('Unity catalog') },
      ['catalog'],
    ),
  ]),
  databaseSpec('2fa8af9c-2d1a-43ea-a253-f00a00c74412', 'teradata-vantage', 'Teradata Vantage', [
    connectionStringAuth('ConnectionString', 'DBCName={SERVER};Uid={USER};Pwd={PASSWORD}'),
  ]),
  databaseSpec('ecde33f2-c56f-46cc-bdea-ad151c16cd69', 'azure-table-storage', 'Azure Table Storage', [
    connectionStringAuth(CS, 'DefaultEndpointsProtocol=https;AccountName={ACCOUNT};AccountKey={KEY}'),
  ]),
  databaseSpec('0479cc14-7651-4354-b233-7480606c2ac3', 'azure-data-explorer', 'Azure Data Explorer', [
    paramAuth('Service Principal Based Authentication', {
      endpoint: text('Cluster endpoint'),
      database,
      tenant: text('Tenant id'),
      servicePrincipalId: text('Service principal id'),
      servicePrincipalKey: secret('Service principal key'),
    }),
  ]),
  databaseSpec('aac9bbd4-6c01-46ce-b47e-51c6f0f6db3f', 'apache-hive', 'Apache Hive on Azure HDInsights', [
    connectionStringAuth('HDInsights Basic Authentication', 'Host={HOST};Port={PORT};Username={USER};Password={PASSWORD}'),
  ]),
  databaseSpec('6a8d82bc-1caf-45d1-908d-cadabc9d63a6', 'apache-spark', 'Apache Spark on Azure HDInsights', [
    paramAuth('HDInsights Basic Authentication', { host: text('Host'), username, password }),
  ]),
  databaseSpec('a8b6a1a4-5735-42b4-952c-85dce0ac38b5', 'hp-vertica', 'HP Vertica', [
    connectionStringAuth(CS, 'Server={SERVER};Port={PORT};Database={DB};UID={USER};PWD={PASSWORD};'),
  ]),
  databaseSpec('a8f4d393-1a6b-43f3-931f-91a16ed857f4', 'apache-cassandra', 'Apache Cassandra', [
    paramAuth('Basic Authentication', { host: text('Host'), port: { type: 'integer', description: 'Port, usually 9042' }, username, password }),
  ]),
  databaseSpec('1fe283f6-9bec-11ea-bb37-0242ac130002', 'couchbase', 'Couchbase', [
    connectionStringAuth(CS, 'Server={SERVER}:{PORT};Database={BUCKET};UID={USER};PWD={PASSWORD}'),
  ]),
  databaseSpec('102706fb-a5cd-42ee-afe0-bc42f017ff43', 'apache-phoenix', 'Apache Phoenix', [
    paramAuth(
      'Basic Authentication',
      { host: text('Host'), username, password, port, httpPath: text('HTTP path'), enableSsl: { type: 'boolean', description: 'Use SSL' } },
      ['httpPath', 'enableSsl'],
    ),
  ]),
  {
    id: DATA_LAKE_SPEC_ID,
    name: 'Data Lake',
    providerId: PROVIDER_ID,
    version: SPEC_VERSION,
    authSpec: [],
    targetSpec: {
      name: 'Data Lake',
      type: 'DataLake',
      spec: objectSchema({ dataSetId: text('The id of the dataset the flow writes to') }, ['dataSetId']),
    },
    attributes: { category: 'Storage', isSource: false, isDestination: true },
    permissionsInfo: permissions('EnterpriseSource'),
  },
];

/** CRMToAEP as documented in 2025 (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql); the spec id list changes over time on the Platform. */
export const FLOW_SPECS: readonly FlowSpec[] = [
  {
    id: CRM_TO_AEP_ID,
    name: 'CRMToAEP',
    providerId: PROVIDER_ID,
    version: SPEC_VERSION,
    sourceConnectionSpecIds: [
      '3416976c-a9ca-4bba-901a-1f08f66978ff',
      '38ad80fe-8b06-4938-94f4-d4ee80266b07',
      'd771e9c1-4f26-40dc-8617-ce58c4b53702',
      '3c9b37f8-13a6-43d8-bad3-b863b941fedd',
      'cc6a4487-9e91-433e-a3a3-9cf6626c1806',
      '3000eb99-cd47-43f3-827c-43caf170f015',
      '26d738e0-8963-47ea-aadf-c60de735468a',
      '74a1c565-4e59-48d7-9d67-7c03b8a13137',
      'cfc0fee1-7dc0-40ef-b73e-d8b134c436f5',
      '4f63aa36-bd48-4e33-bb83-49fbcd11c708',
      'cb66ab34-8619-49cb-96d1-39b37ede86ea',
      'eb13cb25-47ab-407f-ba89-c0125281c563',
      '1f372ff9-38a4-4492-96f5-b9a4e4bd00ec',
      '37b6bf40-d318-4655-90be-5cd6f65d334b',
      'a49bcc7d-8038-43af-b1e4-5a7a089a7d79',
      'a8b6a1a4-5735-42b4-952c-85dce0ac38b5',
      '6a8d82bc-1caf-45d1-908d-cadabc9d63a6',
      'aac9bbd4-6c01-46ce-b47e-51c6f0f6db3f',
      '8e6b41a8-d998-4545-ad7d-c6a9fff406c3',
      'ecde33f2-c56f-46cc-bdea-ad151c16cd69',
      '09182899-b429-40c9-a15a-bf3ddbc8ced7',
      '0479cc14-7651-4354-b233-7480606c2ac3',
      'd6b52d86-f0f8-475f-89d4-ce54c8527328',
      'a8f4d393-1a6b-43f3-931f-91a16ed857f4',
      'fcad62f3-09b0-41d3-be11-449d5a621b69',
      'ea1c2a08-b722-11eb-8529-0242ac130003',
      '35d6c4d8-c9a9-11eb-b8bc-0242ac130003',
      'b2e08744-4f1a-40ce-af30-7abac3e23cf3',
      '2acf109f-9b66-4d5e-bc18-ebb2adcff8d5',
      '2fa8af9c-2d1a-43ea-a253-f00a00c74412',
      'e9d7ec6b-0873-4e57-ad21-b3a7c65e310b',
    ],
    targetConnectionSpecIds: [DATA_LAKE_SPEC_ID],
    scheduleSpec: {
      name: 'PeriodicSchedule',
      type: 'Periodic',
      spec: {
        $schema: DRAFT_07,
        type: 'object',
        properties: {
          startTime: { description: 'epoch time', type: 'integer' },
          frequency: { type: 'string', enum: ['once', 'minute', 'hour', 'day', 'week'] },
          interval: { type: 'integer' },
          backfill: { type: 'boolean', default: true },
        },
        required: ['startTime', 'frequency'],
        if: { properties: { frequency: { const: 'once' } } },
        then: { allOf: [{ not: { required: ['interval'] } }, { not: { required: ['backfill'] } }] },
        else: {
          required: ['interval'],
          if: { properties: { frequency: { const: 'minute' } } },
          then: { properties: { interval: { minimum: 15 } } },
          else: { properties: { interval: { minimum: 1 } } },
        },
      },
    },
    transformationSpecs: [
      {
        name: 'Copy',
        spec: {
          $schema: DRAFT_07,
          type: 'object',
          properties: {
            deltaColumn: {
              type: 'object',
              properties: { name: { type: 'string' }, dateFormat: { type: 'string' }, timezone: { type: 'string' } },
              required: ['name'],
            },
          },
          required: ['deltaColumn'],
        },
      },
      {
        name: 'Mapping',
        spec: {
          $schema: DRAFT_07,
          type: 'object',
          description: 'defines various params required for different mapping from source to target',
          properties: { mappingId: { type: 'string' }, mappingVersion: { type: 'string' } },
        },
      },
    ],
    optionSpec: {
      name: 'OptionSpec',
      spec: {
        $schema: DRAFT_07,
        type: 'object',
        properties: {
          errorDiagnosticsEnabled: {
            title: 'Error diagnostics.',
            description: 'Flag to enable detailed and sample error diagnostics summary.',
            type: 'boolean',
            default: false,
          },
          partialIngestionPercent: {
            title: 'Partial ingestion threshold.',
            description: 'Percentage which defines the threshold of errors allowed before the run is marked as failed.',
            type: 'number',
            exclusiveMinimum: 0,
          },
        },
      },
    },
    runSpec: {
      name: 'ProviderParams',
      spec: {
        $schema: DRAFT_07,
        type: 'object',
        properties: {
          startTime: { description: 'epoch time', type: 'integer' },
          windowStartTime: { description: 'epoch time', type: 'integer' },
          windowEndTime: { description: 'epoch time', type: 'integer' },
          deltaColumn: {
            type: 'object',
            properties: { name: { type: 'string' }, dateFormat: { type: 'string' }, timezone: { type: 'string' } },
            required: ['name'],
          },
        },
        required: ['startTime', 'windowStartTime', 'windowEndTime', 'deltaColumn'],
      },
    },
    attributes: {
      isSourceFlow: true,
      flacValidationSupported: true,
      frequency: 'batch',
      isDraftModeSupported: true,
      recordTypeEnabled: true,
      defaultRecordType: 'profile',
      notification: { category: 'sources', flowRun: { enabled: true } },
    },
    permissionsInfo: permissions('EnterpriseSource'),
  },
];

export function findConnectionSpec(id: unknown): ConnectionSpec | undefined {
  return CONNECTION_SPECS.find((s) => s.id === id);
}

export function findFlowSpec(id: unknown): FlowSpec | undefined {
  return FLOW_SPECS.find((s) => s.id === id);
}
