// Creating a base connection (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/create/databases/mysql): the one way `flowctl connection create`, `onboard` and
// `apply` make one. The auth spec is the Platform's (read from GET /connectionSpecs/{id} only when the caller
// names none), the connection string is checked and normalised (connection-auth.ts), then POST /connections.
// Also the rule every table-based onboarding checks first: the database must be a source of CRMToAEP.

import type { PlatformClient } from './client.js';
import { type AuthFields, prepareAuth } from './connection-auth.js';
import { describeConnectionString, secretValues } from './connection-string.js';
import { InvalidInputError } from './errors.js';
import type { Created } from './models/common.js';
import type { FlowSpec } from './models/flow-service.js';
import { isSecretKey } from './redact.js';
import { connectionSpecTitle, CRM_TO_AEP_FLOW_SPEC_NAME, findConnectionSpec, SPEC_VERSION } from './specs.js';

export interface BaseConnectionRequest {
  specId: string;
  /** The auth params as given (not modified: the normalised connection string is sent in a copy). */
  params: Record<string, unknown>;
  /** The auth spec's name; by default the one of the spec's auth specs that the params satisfy. */
  authSpec?: string | undefined;
  /** By default the database and host from the connection string (`MySQL shop@db.example.com`). */
  name?: string | undefined;
  description: string;
  /** What errors about the params name (default: the CLI flags `--param`, `--connection-string`). */
  fields?: AuthFields | undefined;
}

export interface BaseConnectionHooks {
  /** Runs the read of the connection spec (a CLI shows a spinner around it). */
  reading?: <T>(label: string, task: () => Promise<T>) => Promise<T>;
  /**
   * Called with the secrets (see CreatedBaseConnection) once known and before anything is sent, so that an error
   * answer to the create is scrubbed of them too.
   */
  onSecrets?: (values: string[]) => void;
}

export interface CreatedBaseConnection {
  id: string;
  /** The Platform's answer to the create. */
  created: Created;
  name: string;
  /**
   * Values to scrub from any message: the connection string as sent (normalising rewrote it), the passwords
   * inside it (a database's refusal may quote one alone), and the values of secret params.
   */
  secrets: string[];
}

/** `MySQL shop@db.example.com`: the database and host, for a connection the caller does not name. */
export function defaultConnectionName(specId: string, connectionString: string | undefined): string {
  return `${connectionSpecTitle(specId) ?? 'Database'} ${(connectionString && describeConnectionString(connectionString)) ?? 'connection'}`;
}

/** Resolves the auth spec, normalises the connection string and creates the base connection. */
export async function createBaseConnection(client: PlatformClient, request: BaseConnectionRequest, hooks: BaseConnectionHooks = {}): Promise<CreatedBaseConnection> {
  const { flowService } = client;
  const { specId, authSpec } = request;
  const entry = findConnectionSpec(specId);
  // The auth spec names in the docs disagree between pages, so ask the Platform which ones this spec has.
  const readSpec = () => flowService.connectionSpecs.get(specId);
  const remoteSpec = authSpec === undefined ? await (hooks.reading ? hooks.reading('Reading the connection spec', readSpec) : readSpec()) : undefined;
  const { specName, params } = prepareAuth(remoteSpec, entry, request.params, authSpec, request.fields);

  const connectionString = typeof params['connectionString'] === 'string' ? params['connectionString'] : undefined;
  const secrets = [
    ...(connectionString === undefined ? [] : [connectionString, ...secretValues(connectionString)]),
    ...Object.entries(params).flatMap(([key, value]) => (key !== 'connectionString' && typeof value === 'string' && value !== '' && isSecretKey(key) ? [value] : [])),
  ];
  hooks.onSecrets?.(secrets);

  const name = request.name ?? defaultConnectionName(specId, connectionString);
  const created = await flowService.connections.create({
    name,
    description: request.description,
    auth: { specName, params },
    connectionSpec: { id: specId, version: SPEC_VERSION },
  });
  return { id: created.id, created, name, secrets };
}

/**
 * A table-based dataflow reads only the sources CRMToAEP lists: a database that is not one of them is refused
 * before anything is written, naming `field`. Nothing to check without a spec id or without the flow spec's list.
 */
export function checkCrmSource(flowSpec: FlowSpec | undefined, specId: string | undefined, field: string): void {
  const sources = flowSpec?.sourceConnectionSpecIds;
  if (specId === undefined || specId === '' || !sources || sources.includes(specId)) return;
  const title = connectionSpecTitle(specId) ?? specId;
  throw new InvalidInputError(field, `${title} is not a source of the ${CRM_TO_AEP_FLOW_SPEC_NAME} flow spec: it cannot feed a table-based dataflow`);
}
