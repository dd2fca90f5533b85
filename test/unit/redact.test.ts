import { describe, expect, it } from 'vitest';
import { isSecretKey, MASK, redact, redactConnectionString, redactForm, redactHeaders, scrubText } from '../../src/platform/redact.js';
import { CONNECTION_SPECS } from '../../src/platform/specs.js';

const SECRET = 'S3cr3t-Pa55';

describe('redactConnectionString: the formats of platform-api.md §8.1', () => {
  it.each([
    ['MySQL (PWD=)', `Server=db.example.com;Port=3306;Database=sales;UID=etl;PWD=${SECRET};`, 'Server=db.example.com;Port=3306;Database=sales;UID=etl;PWD=***;'],
    ['MariaDB/Vertica (PWD= last, no ;)', `Server=db;Port=3306;Database=sales;UID=etl;PWD=${SECRET}`, 'Server=db;Port=3306;Database=sales;UID=etl;PWD=***'],
    ['a braced password holding ; (ODBC style)', 'Server=db;UID=etl;PWD={ab;cd};Database=x', 'Server=db;UID=etl;PWD=***;Database=x'],
    ['PostgreSQL (Password=)', `Server=pg.example.com;Database=crm;Port=5432;UID=etl;Password=${SECRET}`, 'Server=pg.example.com;Database=crm;Port=5432;UID=etl;Password=***'],
    [
      'SQL Server (Password=...;)',
      `Data Source=sql.example.com;Initial Catalog=crm;Integrated Security=False;User ID=etl;Password=${SECRET};`,
      'Data Source=sql.example.com;Initial Catalog=crm;Integrated Security=False;User ID=etl;Password=***;',
    ],
    ['Oracle (User Id=..;Password=..)', `Host=ora.example.com;Port=1521;Sid=ORCL;User Id=etl;Password=${SECRET}`, 'Host=ora.example.com;Port=1521;Sid=ORCL;User Id=etl;Password=***'],
    [
      'Azure Table Storage (AccountKey=, base64 with =)',
      'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=abc+def/ghi==;EndpointSuffix=core.windows.net',
      'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=***;EndpointSuffix=core.windows.net',
    ],
    [
      'Snowflake JDBC (?user=..&password=..&db=..)',
      `jdbc:snowflake://acme.snowflakecomputing.com/?user=etl&password=${SECRET}&db=SALES&warehouse=WH`,
      'jdbc:snowflake://acme.snowflakecomputing.com/?user=etl&password=***&db=SALES&warehouse=WH',
    ],
    ['Snowflake JDBC with password first', `jdbc:snowflake://acme.snowflakecomputing.com/?password=${SECRET}&user=etl`, 'jdbc:snowflake://acme.snowflakecomputing.com/?password=***&user=etl'],
    ['Greenplum (upper-case keys)', `HOST=gp;PORT=5432;DB=sales;UID=etl;PWD=${SECRET}`, 'HOST=gp;PORT=5432;DB=sales;UID=etl;PWD=***'],
    ['Teradata (Pwd=)', `DBCName=td.example.com;Uid=etl;Pwd=${SECRET}`, 'DBCName=td.example.com;Uid=etl;Pwd=***'],
    ['scheme://user:pass@host', `mongodb://etl:${SECRET}@db.example.com:27017/sales`, 'mongodb://etl:***@db.example.com:27017/sales'],
    ['postgres URL', `postgresql://etl:${SECRET}@pg.example.com/crm?sslmode=require`, 'postgresql://etl:***@pg.example.com/crm?sslmode=require'],
    ['password first', `PWD=${SECRET};Server=db`, 'PWD=***;Server=db'],
    ['spaces around key and =', `Server=db; Password = ${SECRET};Database=x`, 'Server=db; Password =***;Database=x'],
    ['a password with spaces', 'Server=db;Password=my very secret pass;Database=x', 'Server=db;Password=***;Database=x'],
  ])('%s', (_label, input, expected) => {
    const out = redactConnectionString(input);
    expect(out).toBe(expected);
    expect(out).not.toContain(SECRET);
  });

  it('leaves a string without secrets unchanged', () => {
    const s = 'Server=db.example.com;Port=3306;Database=sales;UID=etl;';
    expect(redactConnectionString(s)).toBe(s);
    expect(redactConnectionString('jdbc:snowflake://acme.snowflakecomputing.com/?user=etl&db=SALES')).toBe(
      'jdbc:snowflake://acme.snowflakecomputing.com/?user=etl&db=SALES',
    );
  });

  // BUG: `&` separates parameters only in URL (JDBC) formats. In the `Key=Value;` formats it is an ordinary
  // password character, but the value is cut at the first `&`, so the rest of the password is printed.
  it.each([
    ['MySQL', 'Server=db;Port=3306;Database=sales;UID=etl;PWD=ab&cd-rest;', 'Server=db;Port=3306;Database=sales;UID=etl;PWD=***;'],
    ['SQL Server', 'Data Source=db;Initial Catalog=crm;User ID=etl;Password=Tr&ub4dor;', 'Data Source=db;Initial Catalog=crm;User ID=etl;Password=***;'],
  ])('%s: a password containing & is masked whole', (_label, input, expected) => {
    expect(redactConnectionString(input)).toBe(expected);
  });

  describe('every connection-string template in the spec catalog', () => {
    const fill = (template: string) =>
      template
        .replaceAll('{SERVER}', 'db.example.com')
        .replaceAll('{HOST}', 'db.example.com')
        .replaceAll('{ACCOUNT}', 'acme')
        .replaceAll('{PORT}', '3306')
        .replaceAll('{DB}', 'sales_db')
        .replaceAll('{SID}', 'ORCL')
        .replaceAll('{USER}', 'etl_user')
        .replaceAll('{WAREHOUSE}', 'WH')
        .replaceAll('{PASSWORD}', SECRET)
        .replaceAll('{KEY}', SECRET);
    const templated = CONNECTION_SPECS.filter((s) => s.connectionString !== undefined);

    it('has the templates of §8.1', () => {
      expect(templated.map((s) => s.key).sort()).toEqual(
        ['azure-table-storage', 'greenplum', 'mariadb', 'mysql', 'oracle', 'postgresql', 'snowflake', 'sqlserver', 'teradata', 'vertica'].sort(),
      );
    });

    it.each(templated.map((s) => [s.title, s.connectionString ?? ''] as const))('%s: secret masked, the rest readable', (_title, template) => {
      const filled = fill(template);
      expect(filled).not.toMatch(/[{}]/);
      const out = redactConnectionString(filled);
      expect(out).not.toContain(SECRET);
      expect(out).toContain(MASK);
      for (const visible of ['db.example.com', 'acme', 'sales_db', 'etl_user']) {
        if (filled.includes(visible)) expect(out).toContain(visible);
      }
    });
  });
});

describe('redact: deep objects', () => {
  const connection = {
    name: 'mysql-prod',
    connectionSpec: { id: '26d738e0-8963-47ea-aadf-c60de735468a', version: '1.0' },
    auth: {
      specName: 'Connection String Based Authentication',
      params: { connectionString: `Server=db.example.com;Port=3306;Database=sales;UID=etl;PWD=${SECRET};` },
    },
  };

  it('masks the password inside auth.params.connectionString, keeping server and database', () => {
    const out = redact(connection);
    expect(out.auth.params.connectionString).toBe('Server=db.example.com;Port=3306;Database=sales;UID=etl;PWD=***;');
    expect(out.name).toBe('mysql-prod');
    expect(out.auth.specName).toBe('Connection String Based Authentication');
    expect(out.connectionSpec).toEqual(connection.connectionSpec);
    expect(JSON.stringify(out)).not.toContain(SECRET);
  });

  it('returns a copy and leaves the input alone', () => {
    const before = structuredClone(connection);
    const out = redact(connection);
    expect(connection).toEqual(before);
    expect(out).not.toBe(connection);
    expect(out.auth).not.toBe(connection.auth);
  });

  it('masks auth.params.password but not username/server', () => {
    const out = redact({ auth: { params: { server: 'rs.example.com', database: 'dev', username: 'etl', password: SECRET } } });
    expect(out).toEqual({ auth: { params: { server: 'rs.example.com', database: 'dev', username: 'etl', password: MASK } } });
  });

  it.each([
    'password',
    'Password',
    'pwd',
    'clientSecret',
    'client_secret',
    'refreshToken',
    'refresh_token',
    'access_token',
    'accessToken',
    'servicePrincipalKey',
    'accountKey',
    'apiKey',
    'privateKey',
    'authorization',
  ])('masks %s', (key) => {
    expect(redact({ [key]: SECRET })).toEqual({ [key]: MASK });
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['connectionString', 'connection_string', 'ConnectionString'])('%s values are connection-string-redacted, not wholly masked', (key) => {
    expect(redact({ [key]: `Server=h;Database=d;PWD=${SECRET}` })).toEqual({ [key]: 'Server=h;Database=d;PWD=***' });
  });

  it('keeps the non-secret look-alikes of a token response and the request headers', () => {
    const tokenResponse = { access_token: 'eyJhbGciOiJSUzI1NiIs.payload.sig', token_type: 'bearer', expires_in: 86399 };
    expect(redact(tokenResponse)).toEqual({ access_token: MASK, token_type: 'bearer', expires_in: 86399 });
    expect(redact({ 'x-api-key': 'my-client-id', 'x-gw-ims-org-id': 'ORG@AdobeOrg' })).toEqual({ 'x-api-key': 'my-client-id', 'x-gw-ims-org-id': 'ORG@AdobeOrg' });
    expect(redactHeaders({ 'x-api-key': 'my-client-id' })).toEqual({ 'x-api-key': 'my-client-id' });
    // Shown because these protocols make them public; by name still credentials (flowctl.yaml wants references).
    expect(isSecretKey('x-api-key')).toBe(true);
    expect(isSecretKey('token_type')).toBe(true);
    expect(isSecretKey('expires_in')).toBe(false);
  });

  it.each(['id', 'name', 'username', 'server', 'database', 'etag', 'specName', 'description', 'clientId', 'project'])('keeps %s', (key) => {
    expect(redact({ [key]: 'visible' })).toEqual({ [key]: 'visible' });
  });

  it('masks inside arrays and under arrays of secrets', () => {
    expect(redact({ items: [{ auth: { params: { password: 'a1b2' } } }, { auth: { params: { password: 'c3d4' } } }] })).toEqual({
      items: [{ auth: { params: { password: MASK } } }, { auth: { params: { password: MASK } } }],
    });
    expect(redact({ passwords: ['one1', 'two2'] })).toEqual({ passwords: [MASK, MASK] });
  });

  it('keeps an empty secret empty (shows that none was set)', () => {
    expect(redact({ clientSecret: '' })).toEqual({ clientSecret: '' });
  });

  it('passes primitives, null and undefined through', () => {
    expect(redact('text')).toBe('text');
    expect(redact(5)).toBe(5);
    expect(redact(null)).toBeNull();
    expect(redact(undefined)).toBeUndefined();
    expect(redact({ a: null, b: true })).toEqual({ a: null, b: true });
  });

  // BUG: only string values are masked, so a numeric secret from --params-file ({"password": 123456}) is
  // printed as is by --dry-run and `connection get`.
  it('masks a non-string value under a secret key', () => {
    const out = redact({ auth: { params: { username: 'etl', password: 123456 } } });
    expect(JSON.stringify(out)).not.toContain('123456');
  });
});

describe('redactHeaders', () => {
  const headers = {
    Authorization: 'Bearer eyJhbGciOiJSUzI1NiIsIng1dSI6.payload.signature',
    'x-api-key': 'my-client-id',
    'x-gw-ims-org-id': '5C1328435BF324E90A49402A@AdobeOrg',
    'x-sandbox-name': 'dev',
    'Content-Type': 'application/json',
    'If-Match': '"1a0037e4-0000-0200-0000-602e06f60000"',
  };

  it('masks the bearer token and keeps the scheme and every other header', () => {
    expect(redactHeaders(headers)).toEqual({ ...headers, Authorization: 'Bearer ***' });
  });

  it('matches the header name and the scheme case-insensitively', () => {
    expect(redactHeaders({ authorization: 'bearer abc.def.ghi' })).toEqual({ authorization: 'bearer ***' });
  });

  it('masks other secret-looking headers', () => {
    expect(redactHeaders({ 'x-access-token': 'abc', 'Proxy-Authorization': 'Basic dXNlcjpwYXNz' })).toEqual({
      'x-access-token': MASK,
      'Proxy-Authorization': MASK,
    });
  });

  // BUG: only a `Bearer` value is masked; any other Authorization value (Basic credentials, a bare token)
  // is shown verbatim. The header is always secret.
  it.each(['Basic dXNlcjpwYXNzd29yZA==', 'eyJhbGciOiJSUzI1NiIs.bare.token'])('never shows an Authorization value: %j', (value) => {
    const out = redactHeaders({ Authorization: value });
    expect(out['Authorization']).not.toContain(value.split(' ').pop());
  });
});

describe('redactForm', () => {
  it('masks client_secret in the IMS token request and keeps the rest', () => {
    const body = `grant_type=client_credentials&client_id=3f1c0a&client_secret=p8e-XXXX&scope=openid,session,AdobeID`;
    expect(redactForm(body)).toBe('grant_type=client_credentials&client_id=3f1c0a&client_secret=***&scope=openid,session,AdobeID');
  });

  it('masks it in first position and the other secret fields', () => {
    expect(redactForm('client_secret=abc&client_id=x')).toBe('client_secret=***&client_id=x');
    expect(redactForm('refresh_token=r&password=p&code=c&username=u')).toBe('refresh_token=***&password=***&code=***&username=u');
  });

  it('does not touch fields that merely end like one', () => {
    expect(redactForm('my_client_secret=x&zipcode=12345')).toBe('my_client_secret=x&zipcode=12345');
  });
});

describe('scrubText', () => {
  it('masks known secrets verbatim, wherever they are', () => {
    expect(scrubText(`token ${SECRET} was rejected (${SECRET})`, [SECRET])).toBe('token *** was rejected (***)');
  });

  it('ignores known secrets shorter than 4 characters (they would mangle text)', () => {
    expect(scrubText('the abc of it', ['abc'])).toBe('the abc of it');
  });

  it.each([
    ['password=x in prose', 'login failed: password=hunter2 was rejected', 'login failed: password=*** was rejected'],
    ['PWD in an echoed connection string', `Invalid connection string "Server=db;UID=etl;PWD=${SECRET};"`, 'Invalid connection string "Server=db;UID=etl;PWD=***;"'],
    ['an env assignment', 'set AEP_CLIENT_SECRET=p8e-abcdef', 'set AEP_CLIENT_SECRET=***'],
    ['spaces around =', 'token = abcdef', 'token = ***'],
    ['AccountKey', 'AccountName=acme;AccountKey=abc+def==;', 'AccountName=acme;AccountKey=***;'],
    ['URL userinfo', `cannot reach postgres://etl:${SECRET}@pg.example.com/crm`, 'cannot reach postgres://etl:***@pg.example.com/crm'],
    ['JDBC password', `jdbc:snowflake://a.snowflakecomputing.com/?user=u&password=${SECRET}&db=d`, 'jdbc:snowflake://a.snowflakecomputing.com/?user=u&password=***&db=d'],
  ])('masks %s', (_label, input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it.each([
    'error: --param: "x" must look like KEY=VALUE',
    'error: --map: "a" must look like SOURCE=xdm.path',
    'error: --interval: must be at least 15 when --frequency is minute',
    'The password is required and must not be empty',
    'Set passes=3 and retries=4',
    'https://ns.adobe.com/acme/schemas/0123456789abcdef0123456789abcdef',
    'GET https://platform.adobe.io/data/foundation/flowservice/flows?property=name==x&limit=10',
  ])('does not mangle ordinary text: %j', (text) => {
    expect(scrubText(text)).toBe(text);
  });
});
