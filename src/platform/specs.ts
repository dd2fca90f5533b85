// The Platform's fixed IDs and the catalog of database connection specs, so that users name a database
// (`--spec mysql`) instead of pasting a UUID (per-database Flow Service tutorials, e.g.
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/databases/mysql; the CRMToAEP flow spec:
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql). The auth spec names here are defaults:
// docs disagree on some of them, so `connection create` confirms the name against GET /connectionSpecs/{id}.

/** Data lake target connection spec. */
export const DATA_LAKE_SPEC_ID = 'c604ff05-7f1a-43c0-8e18-33bf874cb11c';
/** The flow spec of table-based sources (databases, CRMs). */
export const CRM_TO_AEP_FLOW_SPEC_ID = '14518937-270c-4525-bdec-c2ba7cce3860';
export const CRM_TO_AEP_FLOW_SPEC_NAME = 'CRMToAEP';
/** Provider of Adobe-built sources. */
export const ADOBE_PROVIDER_ID = '0ed90a81-07f4-4586-8190-b40eccef1c5a';
export const SPEC_VERSION = '1.0';

/** How a target connection and a dataset refer to "the latest 1.x of this schema, fully resolved". */
export const XED_FULL_V1 = 'application/vnd.adobe.xed-full+json;version=1';

/** The seed's target schema: the XDM Individual Profile class with two standard field groups. */
export const XDM_PROFILE_CLASS = 'https://ns.adobe.com/xdm/context/profile';
export const XDM_PROFILE_PERSON_DETAILS = 'https://ns.adobe.com/xdm/context/profile-person-details';
export const XDM_PROFILE_PERSONAL_DETAILS = 'https://ns.adobe.com/xdm/context/profile-personal-details';
/** Time-stamped facts (orders, clicks): `_id` and `timestamp` are required by the class. */
export const XDM_EXPERIENCE_EVENT_CLASS = 'https://ns.adobe.com/xdm/context/experienceevent';
/** The behavior a tenant class for lookup rows is built on (`allOf` of `POST /tenant/classes`). */
export const XDM_RECORD_BEHAVIOR = 'https://ns.adobe.com/xdm/data/record';

export interface AuthSpecEntry {
  name: string;
  /** `auth.params` keys the auth spec requires. */
  params: readonly string[];
}

export interface ConnectionSpecEntry {
  /** flowctl's name for it, used with `--spec`. */
  key: string;
  title: string;
  id: string;
  aliases: readonly string[];
  /** Preferred first. */
  authSpecs: readonly AuthSpecEntry[];
  /** The connection string's format, when it has one. */
  connectionString?: string;
}

const cs = (name: string): AuthSpecEntry => ({ name, params: ['connectionString'] });
const CONNECTION_STRING_AUTH = 'Connection String Based Authentication';

export const CONNECTION_SPECS: readonly ConnectionSpecEntry[] = [
  {
    key: 'mysql', title: 'MySQL', id: '26d738e0-8963-47ea-aadf-c60de735468a', aliases: ['my-sql'],
    authSpecs: [cs(CONNECTION_STRING_AUTH), { name: 'Basic Authentication', params: ['server', 'port', 'database', 'username', 'password'] }],
    connectionString: 'Server={SERVER};Port={PORT};Database={DB};UID={USER};PWD={PASSWORD};',
  },
  {
    key: 'oracle', title: 'Oracle', id: 'd6b52d86-f0f8-475f-89d4-ce54c8527328', aliases: ['oracle-db'],
    authSpecs: [cs('ConnectionString'), { name: 'Basic Authentication', params: ['server', 'port', 'database', 'username', 'password'] }],
    connectionString: 'Host={HOST};Port={PORT};Sid={SID};User Id={USER};Password={PASSWORD}',
  },
  {
    key: 'postgresql', title: 'PostgreSQL', id: '74a1c565-4e59-48d7-9d67-7c03b8a13137', aliases: ['postgres', 'postgre-sql', 'pg'],
    authSpecs: [cs(CONNECTION_STRING_AUTH), cs('Basic Authentication for PostgreSQL')],
    connectionString: 'Server={SERVER};Database={DB};Port={PORT};UID={USER};Password={PASSWORD}',
  },
  {
    key: 'sqlserver', title: 'Microsoft SQL Server', id: '1f372ff9-38a4-4492-96f5-b9a4e4bd00ec', aliases: ['sql-server', 'mssql', 'microsoft-sql-server'],
    authSpecs: [cs(CONNECTION_STRING_AUTH)],
    connectionString: 'Data Source={SERVER};Initial Catalog={DB};Integrated Security=False;User ID={USER};Password={PASSWORD};',
  },
  {
    // The seed's appendix prints this id without its leading 3; the flow spec's list has it right.
    key: 'mariadb', title: 'MariaDB', id: '3000eb99-cd47-43f3-827c-43caf170f015', aliases: ['maria-db'],
    authSpecs: [cs(CONNECTION_STRING_AUTH)],
    connectionString: 'Server={HOST};Port={PORT};Database={DB};UID={USER};PWD={PASSWORD};',
  },
  {
    key: 'db2', title: 'IBM DB2', id: '09182899-b429-40c9-a15a-bf3ddbc8ced7', aliases: ['ibm-db2'],
    authSpecs: [{ name: 'Basic Authentication', params: ['server', 'database', 'authenticationType', 'username', 'password'] }],
  },
  {
    key: 'redshift', title: 'Amazon Redshift', id: '3416976c-a9ca-4bba-901a-1f08f66978ff', aliases: ['amazon-redshift'],
    authSpecs: [{ name: 'Basic Authentication', params: ['server', 'database', 'username', 'password'] }],
  },
  {
    key: 'snowflake', title: 'Snowflake', id: 'b2e08744-4f1a-40ce-af30-7abac3e23cf3', aliases: [],
    authSpecs: [cs('Basic Authentication for Snowflake')],
    connectionString: 'jdbc:snowflake://{ACCOUNT}.snowflakecomputing.com/?user={USER}&password={PASSWORD}&db={DB}&warehouse={WAREHOUSE}',
  },
  {
    key: 'bigquery', title: 'Google BigQuery', id: '3c9b37f8-13a6-43d8-bad3-b863b941fedd', aliases: ['google-big-query', 'google-bigquery'],
    authSpecs: [{ name: 'Basic Authentication', params: ['project', 'clientId', 'clientSecret', 'refreshToken'] }],
  },
  {
    key: 'synapse', title: 'Azure Synapse Analytics', id: 'a49bcc7d-8038-43af-b1e4-5a7a089a7d79', aliases: ['azure-synapse', 'azure-synapse-analytics'],
    authSpecs: [
      cs(CONNECTION_STRING_AUTH),
      { name: 'Service Principal Key Based Authentication', params: ['server', 'database', 'tenant', 'servicePrincipalId', 'servicePrincipalKey'] },
    ],
  },
  {
    key: 'greenplum', title: 'Greenplum', id: '37b6bf40-d318-4655-90be-5cd6f65d334b', aliases: [],
    authSpecs: [cs('Basic Authentication')],
    connectionString: 'HOST={HOST};PORT={PORT};DB={DB};UID={USER};PWD={PASSWORD}',
  },
  {
    key: 'databricks', title: 'Azure Databricks', id: 'e9d7ec6b-0873-4e57-ad21-b3a7c65e310b', aliases: ['azure-databricks'],
    authSpecs: [{ name: 'Access Token Authentication', params: ['domain', 'clusterId', 'accessToken', 'database'] }],
  },
  {
    key: 'teradata', title: 'Teradata Vantage', id: '2fa8af9c-2d1a-43ea-a253-f00a00c74412', aliases: ['teradata-vantage'],
    authSpecs: [cs('ConnectionString')],
    connectionString: 'DBCName={SERVER};Uid={USER};Pwd={PASSWORD}',
  },
  {
    key: 'azure-table-storage', title: 'Azure Table Storage', id: 'ecde33f2-c56f-46cc-bdea-ad151c16cd69', aliases: ['ats'],
    authSpecs: [cs(CONNECTION_STRING_AUTH)],
    connectionString: 'DefaultEndpointsProtocol=https;AccountName={ACCOUNT};AccountKey={KEY}',
  },
  {
    key: 'azure-data-explorer', title: 'Azure Data Explorer', id: '0479cc14-7651-4354-b233-7480606c2ac3', aliases: ['ade', 'kusto'],
    authSpecs: [{ name: 'Service Principal Based Authentication', params: ['endpoint', 'database', 'tenant', 'servicePrincipalId', 'servicePrincipalKey'] }],
  },
  {
    key: 'hive', title: 'Apache Hive on Azure HDInsights', id: 'aac9bbd4-6c01-46ce-b47e-51c6f0f6db3f', aliases: ['apache-hive'],
    authSpecs: [cs('HDInsights Basic Authentication')],
  },
  {
    key: 'spark', title: 'Apache Spark on Azure HDInsights', id: '6a8d82bc-1caf-45d1-908d-cadabc9d63a6', aliases: ['apache-spark'],
    authSpecs: [{ name: 'HDInsights Basic Authentication', params: ['host', 'username', 'password'] }],
  },
  {
    key: 'vertica', title: 'HP Vertica', id: 'a8b6a1a4-5735-42b4-952c-85dce0ac38b5', aliases: ['hp-vertica'],
    authSpecs: [cs(CONNECTION_STRING_AUTH)],
    connectionString: 'Server={SERVER};Port={PORT};Database={DB};UID={USER};PWD={PASSWORD};',
  },
  {
    key: 'cassandra', title: 'Apache Cassandra', id: 'a8f4d393-1a6b-43f3-931f-91a16ed857f4', aliases: ['apache-cassandra'],
    authSpecs: [{ name: 'Basic Authentication', params: ['host', 'port', 'username', 'password'] }],
  },
  {
    key: 'couchbase', title: 'Couchbase', id: '1fe283f6-9bec-11ea-bb37-0242ac130002', aliases: [],
    authSpecs: [cs(CONNECTION_STRING_AUTH)],
  },
  {
    key: 'phoenix', title: 'Apache Phoenix (deprecated)', id: '102706fb-a5cd-42ee-afe0-bc42f017ff43', aliases: ['apache-phoenix'],
    authSpecs: [{ name: 'Basic Authentication', params: ['host', 'username', 'password', 'port', 'httpPath', 'enableSsl'] }],
  },
];

const normalise = (name: string) => name.trim().toLowerCase().replace(/[\s_]+/g, '-');

/** A spec by flowctl name, alias or id; undefined if unknown. */
export function findConnectionSpec(nameOrId: string): ConnectionSpecEntry | undefined {
  const wanted = normalise(nameOrId);
  return CONNECTION_SPECS.find((s) => s.id === wanted || s.key === wanted || s.aliases.includes(wanted));
}

/** A connection spec as a user names it: its id, and flowctl's catalog entry when it has one. */
export interface ResolvedConnectionSpec {
  id: string;
  entry: ConnectionSpecEntry | undefined;
}

// The Flow Service id format of ids.ts and models/common.ts, kept here so the catalog loads without zod.
const SPEC_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "Spec name or UUID": flowctl's name for a database (`mysql`), an alias (`postgres`) or any connection spec UUID
 * (one the catalog lacks too) → the spec; otherwise the problem, for the caller to report on its own field
 * (`--spec`, `connection.spec`). The value is used as given: callers that accept surrounding spaces trim first.
 */
export function resolveConnectionSpec(value: string): ResolvedConnectionSpec | { problem: string } {
  const entry = findConnectionSpec(value);
  if (entry) return { id: entry.id, entry };
  if (SPEC_UUID.test(value)) return { id: value.toLowerCase(), entry: undefined };
  return { problem: `unknown database "${value}": use one of ${CONNECTION_SPECS.map((s) => s.key).join(', ')}, or a connection spec UUID` };
}

/** A catalog spec's title (`MySQL`) by its exact id; undefined for a spec flowctl does not know. */
export function connectionSpecTitle(id: string): string | undefined {
  return CONNECTION_SPECS.find((s) => s.id === id)?.title;
}

/** Picks the auth spec whose required params are all present, preferring the catalog's order. */
export function chooseAuthSpec(specs: readonly AuthSpecEntry[], params: Record<string, unknown>): AuthSpecEntry | undefined {
  return specs.find((spec) => spec.params.every((p) => params[p] !== undefined && params[p] !== ''));
}
