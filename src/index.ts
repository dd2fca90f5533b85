// The flowctl library: the typed Platform client without the CLI.
//
//   import { createPlatformClient, CRM_TO_AEP_FLOW_SPEC_ID } from 'flowctl';

export { createPlatformClient, DEFAULT_SCOPES, type PlatformClient, type PlatformClientOptions } from './platform/client.js';
export { TokenProvider, type TokenInfo } from './platform/auth.js';
export { TokenCache } from './platform/token-cache.js';
export { PlatformHttp, SERVICE_BASE, type PlatformRequest, type PlatformResponse, type RequestDescription, type Service } from './platform/http.js';
export { FlowService, FlowCollection, nameFilter, type ListOptions, type FlowAction } from './platform/flow-service.js';
export { SchemaRegistry, ACCEPT } from './platform/schema-registry.js';
export { Catalog, datasetIdFromRefs } from './platform/catalog.js';
export { DataPrep } from './platform/data-prep.js';
export { DataAccess } from './platform/data-access.js';
export * from './platform/models/data-access.js';
export { paginate, flowServicePages, registryPages, catalogPages, dataPrepPages } from './platform/paginate.js';
export * from './platform/errors.js';
export * from './platform/specs.js';
export * from './platform/schedule.js';
export * from './platform/ids.js';
export { parseMapFlag, parseMappingFile, type MappingFileContent } from './platform/mapping.js';
export { redact, redactConnectionString, redactHeaders } from './platform/redact.js';
export { decideRetry, retryDelayMs, classifyFailure, DEFAULT_RETRY_POLICY, type RetryPolicy } from './platform/retry.js';
export type { Transport, RawRequest, RawResponse } from './platform/transport.js';
export * from './platform/models/flow-service.js';
export * from './platform/models/schema-registry.js';
export * from './platform/models/catalog.js';
export * from './platform/models/data-prep.js';
export { Created, SpecRef } from './platform/models/common.js';
