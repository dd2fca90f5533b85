// The flowctl library: the typed Platform client without the CLI.
//
//   import { createPlatformClient, CRM_TO_AEP_FLOW_SPEC_ID } from 'flowctl';
//
// The surface is the client and its options, the services' classes and their collections (as types of the client's
// members: `aep.catalog.datasets.get(id, { timeoutMs })`), the resource models, the errors, and the rules a caller
// needs (schedules, ids, specs, mapping files, redaction, a flow's column checks).
// The HTTP layer, retry decisions and pagination styles are internals: free to change between versions.

export { createPlatformClient, DEFAULT_SCOPES, type PlatformClient, type PlatformClientOptions } from './platform/client.js';
export { TokenProvider, type TokenInfo } from './platform/auth.js';
export { TokenCache } from './platform/token-cache.js';
export { SERVICE_BASE, type RequestDescription, type RequestOptions, type Service } from './platform/internal/http.js';
export {
  FlowService,
  FlowCollection,
  Connections,
  SourceConnections,
  Flows,
  Runs,
  FlowSpecs,
  nameFilter,
  type ListOptions,
  type FlowAction,
  type FlowCreateOptions,
} from './platform/flow-service.js';
export { checkFlowColumns, flowColumnsOf, type FlowCheckFields, type FlowCheckOptions, type FlowCheckReads, type FlowColumns } from './platform/flow-checks.js';
export { SchemaRegistry, TitledResources, Schemas, FieldGroups, Classes, Descriptors, GlobalResources, ACCEPT } from './platform/schema-registry.js';
export { Catalog, Datasets, Batches, datasetIdFromRefs } from './platform/catalog.js';
export { DataPrep, MappingSets, Expressions } from './platform/data-prep.js';
export { DataAccess, BatchData, FileData, type DataFile } from './platform/data-access.js';
export * from './platform/models/data-access.js';
export * from './platform/errors.js';
export * from './platform/specs.js';
export * from './platform/schedule.js';
export * from './platform/ids.js';
export { parseMapFlag, parseMappingFile, type MappingFileContent } from './platform/mapping.js';
export { redact, redactConnectionString, redactHeaders } from './platform/redact.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './platform/internal/retry.js';
export type { Transport, RawRequest, RawResponse } from './platform/internal/transport.js';
export * from './platform/models/flow-service.js';
export * from './platform/models/schema-registry.js';
export * from './platform/models/catalog.js';
export * from './platform/models/data-prep.js';
export { Created, SpecRef } from './platform/models/common.js';
