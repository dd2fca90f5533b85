import { describe, expect, it } from 'vitest';
import { checkDatasetId, checkMappingId, checkUuid, checkXdmUri, registryPathId, schemaUri } from '../../src/platform/ids.js';
import {
  ADOBE_PROVIDER_ID,
  chooseAuthSpec,
  CONNECTION_SPECS,
  CRM_TO_AEP_FLOW_SPEC_ID,
  DATA_LAKE_SPEC_ID,
  findConnectionSpec,
} from '../../src/platform/specs.js';
import { invalid } from '../helpers/invalid.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX32 = '0123456789abcdef0123456789abcdef';
const HEX48 = `${HEX32}0123456789abcdef`;

describe('checkUuid', () => {
  it('accepts a UUID and lower-cases it', () => {
    expect(checkUuid('1a444165-3439-4c16-8441-653439dc166a', '--id')).toBe('1a444165-3439-4c16-8441-653439dc166a');
    expect(checkUuid('1A444165-3439-4C16-8441-653439DC166A', '--id')).toBe('1a444165-3439-4c16-8441-653439dc166a');
  });

  it.each([
    'abc',
    '',
    '1a444165343940c16844165343 9dc166a',
    '1a4441653439 4c16-8441-653439dc166a',
    '1a4441653439c168441653439dc166a0',
    '{1a444165-3439-4c16-8441-653439dc166a}',
    '1a444165-3439-4c16-8441-653439dc166',
    '1a444165-3439-4c16-8441-653439dc166ab',
    'g1444165-3439-4c16-8441-653439dc166a',
    ' 1a444165-3439-4c16-8441-653439dc166a',
    '5c8c3c555033b814b69f947f',
  ])('%j is refused, naming the field', (value) => {
    const error = invalid(() => checkUuid(value, '--flow'));
    expect(error.field).toBe('--flow');
    expect(error.rule).toBe(`"${value}" is not a UUID (Flow Service ids look like 1a444165-3439-4c16-8441-653439dc166a)`);
  });
});

describe('checkDatasetId', () => {
  it('accepts 24 hex characters, lower-cased', () => {
    expect(checkDatasetId('5c8c3c555033b814b69f947f', '--dataset')).toBe('5c8c3c555033b814b69f947f');
    expect(checkDatasetId('5C8C3C555033B814B69F947F', '--dataset')).toBe('5c8c3c555033b814b69f947f');
  });

  it('accepts the @/dataSets/ID reference Catalog returns', () => {
    expect(checkDatasetId('@/dataSets/5c8c3c555033b814b69f947f', '--dataset')).toBe('5c8c3c555033b814b69f947f');
    expect(checkDatasetId('@/dataSets/5C8C3C555033B814B69F947F', '--dataset')).toBe('5c8c3c555033b814b69f947f');
  });

  it.each([
    '5c8c3c555033b814b69f947',
    '5c8c3c555033b814b69f947f0',
    '5c8c3c555033b814b69f947g',
    '@/dataSets/',
    '@/dataSets/xyz',
    '@/batches/5c8c3c555033b814b69f947f',
    'dataSets/5c8c3c555033b814b69f947f',
    '1a444165-3439-4c16-8441-653439dc166a',
    '',
  ])('%j is refused and quoted as given', (value) => {
    const error = invalid(() => checkDatasetId(value, '--dataset'));
    expect(error.field).toBe('--dataset');
    expect(error.rule).toBe(`"${value}" is not a dataset id (24 hex characters)`);
  });
});

describe('checkMappingId', () => {
  it('accepts 32 hex characters, lower-cased', () => {
    expect(checkMappingId(HEX32.toUpperCase(), '--mapping')).toBe(HEX32);
  });

  it.each([HEX32.slice(1), `${HEX32}0`, '5c8c3c555033b814b69f947f', '1a444165-3439-4c16-8441-653439dc166a', `${HEX32.slice(1)}z`])('%j is refused', (value) => {
    const error = invalid(() => checkMappingId(value, '--mapping'));
    expect(error.field).toBe('--mapping');
    expect(error.rule).toBe(`"${value}" is not a mapping set id (32 hex characters)`);
  });
});

describe('schemaUri', () => {
  it.each([
    [`https://ns.adobe.com/acme/schemas/${HEX32}`, `https://ns.adobe.com/acme/schemas/${HEX32}`],
    [`https://ns.adobe.com/acme/schemas/${HEX48}`, `https://ns.adobe.com/acme/schemas/${HEX48}`],
    [`  https://ns.adobe.com/acme-corp/schemas/${HEX32}  `, `https://ns.adobe.com/acme-corp/schemas/${HEX32}`],
    [`_acme.schemas.${HEX32}`, `https://ns.adobe.com/acme/schemas/${HEX32}`],
    [`_acmecorp.schemas.${HEX48}`, `https://ns.adobe.com/acmecorp/schemas/${HEX48}`],
    [` _acme.schemas.${HEX32} `, `https://ns.adobe.com/acme/schemas/${HEX32}`],
  ])('%j → %s', (value, expected) => {
    expect(schemaUri(value, '--schema')).toBe(expected);
  });

  it.each([
    'https://ns.adobe.com/xdm/context/profile',
    `http://ns.adobe.com/acme/schemas/${HEX32}`,
    `https://ns.adobe.com/acme/schemas/${HEX32}/`,
    `https://ns.adobe.com/acme/schemas/${HEX32.slice(1)}`,
    `https://ns.adobe.com/acme/schemas/${HEX32}${HEX32}0`,
    `https://example.com/acme/schemas/${HEX32}`,
    `https://ns.adobe.com/acme/fieldgroups/${HEX32}`,
    `acme.schemas.${HEX32}`,
    `_acme.fieldgroups.${HEX32}`,
    'my schema',
    '',
  ])('%j is refused with both accepted forms spelled out', (value) => {
    const error = invalid(() => schemaUri(value, '--schema'));
    expect(error.field).toBe('--schema');
    expect(error.rule).toBe(`"${value}" is not a schema id (https://ns.adobe.com/TENANT/schemas/HEX or its meta:altId _TENANT.schemas.HEX)`);
  });
});

describe('checkXdmUri / registryPathId', () => {
  it('accepts ns.adobe.com URIs and refuses others', () => {
    expect(checkXdmUri('https://ns.adobe.com/xdm/context/profile', '--class')).toBe('https://ns.adobe.com/xdm/context/profile');
    expect(invalid(() => checkXdmUri('https://example.com/xdm', '--class')).field).toBe('--class');
    expect(invalid(() => checkXdmUri('https://ns.adobe.com/xdm context', '--class')).field).toBe('--class');
  });

  it('URL-encodes a $id and leaves an altId as is', () => {
    expect(registryPathId(`https://ns.adobe.com/acme/schemas/${HEX32}`)).toBe(`https%3A%2F%2Fns.adobe.com%2Facme%2Fschemas%2F${HEX32}`);
    expect(registryPathId(`_acme.schemas.${HEX32}`)).toBe(`_acme.schemas.${HEX32}`);
  });
});

// platform-api.md §8.1, copied independently of src/platform/specs.ts.
const REFERENCE_IDS: Record<string, string> = {
  mysql: '26d738e0-8963-47ea-aadf-c60de735468a',
  oracle: 'd6b52d86-f0f8-475f-89d4-ce54c8527328',
  postgresql: '74a1c565-4e59-48d7-9d67-7c03b8a13137',
  sqlserver: '1f372ff9-38a4-4492-96f5-b9a4e4bd00ec',
  mariadb: '3000eb99-cd47-43f3-827c-43caf170f015',
  db2: '09182899-b429-40c9-a15a-bf3ddbc8ced7',
  redshift: '3416976c-a9ca-4bba-901a-1f08f66978ff',
  snowflake: 'b2e08744-4f1a-40ce-af30-7abac3e23cf3',
  bigquery: '3c9b37f8-13a6-43d8-bad3-b863b941fedd',
  synapse: 'a49bcc7d-8038-43af-b1e4-5a7a089a7d79',
  greenplum: '37b6bf40-d318-4655-90be-5cd6f65d334b',
  databricks: 'e9d7ec6b-0873-4e57-ad21-b3a7c65e310b',
  teradata: '2fa8af9c-2d1a-43ea-a253-f00a00c74412',
  'azure-table-storage': 'ecde33f2-c56f-46cc-bdea-ad151c16cd69',
  'azure-data-explorer': '0479cc14-7651-4354-b233-7480606c2ac3',
  hive: 'aac9bbd4-6c01-46ce-b47e-51c6f0f6db3f',
  spark: '6a8d82bc-1caf-45d1-908d-cadabc9d63a6',
  vertica: 'a8b6a1a4-5735-42b4-952c-85dce0ac38b5',
  cassandra: 'a8f4d393-1a6b-43f3-931f-91a16ed857f4',
  couchbase: '1fe283f6-9bec-11ea-bb37-0242ac130002',
  phoenix: '102706fb-a5cd-42ee-afe0-bc42f017ff43',
};

describe('CONNECTION_SPECS', () => {
  it('holds exactly the databases of §8.1 with their ids', () => {
    expect(Object.fromEntries(CONNECTION_SPECS.map((s) => [s.key, s.id]))).toEqual(REFERENCE_IDS);
  });

  it('MariaDB has the full id (the docs appendix drops its leading 3)', () => {
    expect(findConnectionSpec('mariadb')?.id).toBe('3000eb99-cd47-43f3-827c-43caf170f015');
    expect(findConnectionSpec('000eb99-cd47-43f3-827c-43caf170f015')).toBeUndefined();
  });

  it('every id is a lower-case UUID and unique, and none is the data lake target', () => {
    const ids = CONNECTION_SPECS.map((s) => s.id);
    for (const id of ids) expect(id).toMatch(UUID_RE);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(DATA_LAKE_SPEC_ID);
  });

  it('keys and aliases are unique across specs and already normalised (so each is reachable)', () => {
    const names = CONNECTION_SPECS.flatMap((s) => [s.key, ...s.aliases]);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('every spec has at least one auth spec, each with required params', () => {
    for (const spec of CONNECTION_SPECS) {
      expect(spec.authSpecs.length).toBeGreaterThan(0);
      for (const auth of spec.authSpecs) {
        expect(auth.name.trim()).not.toBe('');
        expect(auth.params.length).toBeGreaterThan(0);
      }
    }
  });

  it('a spec with a connection-string template offers a connectionString auth spec', () => {
    for (const spec of CONNECTION_SPECS.filter((s) => s.connectionString !== undefined)) {
      expect(spec.authSpecs.some((a) => a.params.includes('connectionString'))).toBe(true);
    }
  });

  it('the fixed ids of §3/§8.2 are right', () => {
    expect(DATA_LAKE_SPEC_ID).toBe('c604ff05-7f1a-43c0-8e18-33bf874cb11c');
    expect(CRM_TO_AEP_FLOW_SPEC_ID).toBe('14518937-270c-4525-bdec-c2ba7cce3860');
    expect(ADOBE_PROVIDER_ID).toBe('0ed90a81-07f4-4586-8190-b40eccef1c5a');
  });
});

describe('findConnectionSpec', () => {
  it.each([
    ['mysql', 'mysql'],
    ['MySQL', 'mysql'],
    ['  mysql  ', 'mysql'],
    ['my-sql', 'mysql'],
    ['my_sql', 'mysql'],
    ['postgres', 'postgresql'],
    ['PG', 'postgresql'],
    ['postgre_sql', 'postgresql'],
    ['SQL Server', 'sqlserver'],
    ['sql_server', 'sqlserver'],
    ['mssql', 'sqlserver'],
    ['Microsoft SQL Server', 'sqlserver'],
    ['maria-db', 'mariadb'],
    ['Azure Table Storage', 'azure-table-storage'],
    ['azure_table_storage', 'azure-table-storage'],
    ['kusto', 'azure-data-explorer'],
    ['26d738e0-8963-47ea-aadf-c60de735468a', 'mysql'],
    ['26D738E0-8963-47EA-AADF-C60DE735468A', 'mysql'],
    [' 3000eb99-cd47-43f3-827c-43caf170f015 ', 'mariadb'],
  ])('%j → %s', (name, key) => {
    expect(findConnectionSpec(name)?.key).toBe(key);
  });

  it('every key, alias and id finds its own spec', () => {
    for (const spec of CONNECTION_SPECS) {
      expect(findConnectionSpec(spec.key)).toBe(spec);
      expect(findConnectionSpec(spec.id)).toBe(spec);
      for (const alias of spec.aliases) expect(findConnectionSpec(alias)).toBe(spec);
    }
  });

  it.each(['', 'mongodb', 'sql', 'my sql server', DATA_LAKE_SPEC_ID, '26d738e0'])('%j → undefined', (name) => {
    expect(findConnectionSpec(name)).toBeUndefined();
  });
});

describe('chooseAuthSpec', () => {
  const mysql = findConnectionSpec('mysql')?.authSpecs ?? [];
  const synapse = findConnectionSpec('synapse')?.authSpecs ?? [];

  it('picks the connection-string spec when a connectionString is given', () => {
    expect(chooseAuthSpec(mysql, { connectionString: 'Server=h;PWD=x' })?.name).toBe('Connection String Based Authentication');
  });

  it('picks Basic Authentication when its params are all present', () => {
    expect(chooseAuthSpec(mysql, { server: 'h', port: '3306', database: 'd', username: 'u', password: 'p' })?.name).toBe('Basic Authentication');
  });

  it('prefers the catalog order when both are satisfied', () => {
    expect(chooseAuthSpec(mysql, { connectionString: 'x', server: 'h', port: '1', database: 'd', username: 'u', password: 'p' })?.name).toBe(
      'Connection String Based Authentication',
    );
  });

  it('an empty or undefined param does not count', () => {
    expect(chooseAuthSpec(mysql, { connectionString: '' })).toBeUndefined();
    expect(chooseAuthSpec(mysql, { connectionString: undefined })).toBeUndefined();
    expect(chooseAuthSpec(mysql, { server: 'h', port: '3306', database: 'd', username: 'u', password: '' })).toBeUndefined();
  });

  it('a partial set of params matches nothing', () => {
    expect(chooseAuthSpec(mysql, { server: 'h', username: 'u' })).toBeUndefined();
    expect(chooseAuthSpec(mysql, {})).toBeUndefined();
  });

  it('picks the service principal spec of Synapse from its params', () => {
    expect(chooseAuthSpec(synapse, { server: 's', database: 'd', tenant: 't', servicePrincipalId: 'i', servicePrincipalKey: 'k' })?.name).toBe(
      'Service Principal Key Based Authentication',
    );
  });
});
