// THE one place that lists where Adobe's OpenAPI files are known to be wrong, so that the conformance check
// (openapi.ts) holds the emulator to what the Platform really does. Every entry names the operation and field,
// what the spec says, what the emulator does instead, and why the spec is the one in error
// (platform-api.md §10, §12 and the tutorials it cites). Add an entry only for a spec error a test actually
// hit; an emulator bug is fixed in the emulator, not excused here.
//
// An entry corrects the spec in one of two ways:
//  - `patch`: replaces (or rewrites) the node at a JSON pointer of the loaded spec before anything is compiled;
//    a pointer that no longer exists fails the run, so stale entries are noticed when a spec is updated;
//  - `ignore`: drops violations whose JSON pointer into the response body matches, for one operation.

export type SpecPatch = { pointer: string; value: unknown } | { pointer: string; apply: (node: unknown) => unknown };

export interface SpecException {
  /** Short, unique. */
  id: string;
  spec: 'flow-service' | 'schema-registry' | 'catalog' | 'data-prep' | 'sandbox';
  /** `GET /flows/{FLOW_ID}` as the spec writes the path; omitted when the correction is spec-wide. */
  operation?: string;
  /** The field concerned, e.g. `scheduleParams.interval`. */
  field: string;
  specSays: string;
  emulatorDoes: string;
  why: string;
  patch?: SpecPatch | readonly SpecPatch[];
  ignore?: { status?: number; instancePath: RegExp };
}

/** `2019-09-04 04:57:24`, as Adobe's sandbox guide shows it, or an RFC 3339 date-time, as the spec says. */
const SANDBOX_DATE = { type: 'string', anyOf: [{ format: 'date-time' }, { pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' }] };

export const EXCEPTIONS: readonly SpecException[] = [
  {
    id: 'explore-table-object',
    spec: 'flow-service',
    operation: 'GET /connections/{BASE_CONNECTION_ID}/explore',
    field: 'the 200 body',
    specSays: 'ExploreConnectionResponse: always an array of {type, name, path, canPreview, canFetchSchema}',
    emulatorDoes: 'an array for objectType=root; an object {format, schema: {columns}, data?} for objectType=table',
    why:
      "Adobe's explore tutorials (sources/tutorials/api/explore/tabular.md, platform-api.md §3.4) show the table " +
      'structure answer as an object with `format` and `schema.columns` — and `data` with preview=true; only the ' +
      'root listing is an array. The spec describes the listing alone.',
    patch: {
      pointer: '/components/schemas/ExploreConnectionResponse',
      apply: (listing) => ({
        oneOf: [
          listing,
          {
            type: 'object',
            required: ['schema'],
            properties: {
              format: { type: 'string' },
              schema: { type: 'object', required: ['columns'], properties: { columns: { type: 'array', items: { type: 'object', required: ['name'] } } } },
              data: { type: 'array', items: { type: 'object' } },
            },
          },
        ],
      }),
    },
  },
  {
    id: 'sandbox-dates',
    spec: 'sandbox',
    field: 'createdDate, lastModifiedDate of a sandbox (GET /sandbox-management/, /sandboxes, /sandboxes/{sandboxName})',
    specSays: 'type string, format date-time (RFC 3339: 2019-09-04T04:57:24Z)',
    emulatorDoes: 'must send "YYYY-MM-DD HH:mm:ss" (UTC, no zone); the check accepts that or RFC 3339',
    why:
      "Every response example in Adobe's sandbox API guide (sandboxes/api/sandboxes.md and its translations) shows " +
      '"createdDate": "2019-09-04 04:57:24" — a space, no time zone — which is not an RFC 3339 date-time.',
    patch: ['GetSandboxSystemResponse', 'GetSandboxUserResponse', 'RetrieveSandbox'].flatMap((schema) =>
      ['createdDate', 'lastModifiedDate'].map((field) => ({ pointer: `/components/schemas/${schema}/properties/${field}`, value: SANDBOX_DATE })),
    ),
  },
  {
    id: 'registry-list-next-null',
    spec: 'schema-registry',
    field: '_page.next and _links.next of every list (GET /{CONTAINER_ID}/schemas, /fieldgroups, /descriptors, …)',
    specSays: 'type string',
    emulatorDoes: 'sends null on the last (or only) page',
    why:
      'The same definitions say "Contains `null` if this is the last or only page in the response", and their own ' +
      'example (listResponseBasic) has `next:` empty, i.e. null; the type just lacks x-nullable.',
    patch: [
      { pointer: '/definitions/listResponseBasic/properties/_page/properties/next', value: { type: 'string', 'x-nullable': true } },
      { pointer: '/definitions/linksBasic/properties/next', value: { type: 'string', 'x-nullable': true } },
    ],
  },
  {
    id: 'flow-scheduleParams-types',
    spec: 'flow-service',
    field: 'scheduleParams.startTime / interval / backfill of a flow (ScheduleSpecDTO; GET /flows, /flows/{FLOW_ID})',
    specSays: 'startTime integer, interval string, backfill boolean',
    emulatorDoes: 'echoes the values as the flow was created: integers/booleans, or numeric strings and "true"/"false"',
    why:
      "The DTO is inconsistent with the flow spec's own scheduleSpec JSON schema (interval integer there, string here), " +
      "and Adobe's database tutorial creates flows with \"startTime\":\"1612310466\", \"interval\":\"900\", \"backfill\":\"true\" and " +
      'its GET example echoes those strings (platform-api.md §10, §12.3); numbers and booleans are echoed as numbers and booleans.',
    patch: [
      { pointer: '/components/schemas/ScheduleSpecDTO/properties/startTime', value: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+$' }] } },
      { pointer: '/components/schemas/ScheduleSpecDTO/properties/interval', value: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+$' }] } },
      { pointer: '/components/schemas/ScheduleSpecDTO/properties/backfill', value: { anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false'] }] } },
    ],
  },
  {
    id: 'descriptor-sourceVersion-integer',
    spec: 'schema-registry',
    field: 'xdm:sourceVersion of a descriptor (createDescriptor, used by POST /tenant/descriptors and descriptor lookups and lists)',
    specSays: 'type string',
    emulatorDoes: 'sends an integer (1)',
    why:
      'lookupDescriptorResponse in the same file types xdm:sourceVersion integer, and every descriptor example in the ' +
      'spec and in the descriptors guide writes `"xdm:sourceVersion": 1` (platform-api.md §4.5).',
    patch: { pointer: '/definitions/createDescriptor/properties/xdm:sourceVersion', value: { type: 'integer' } },
  },
  {
    id: 'descriptor-list-ids',
    spec: 'schema-registry',
    operation: 'GET /{CONTAINER_ID}/descriptors',
    field: 'the arrays of GET /{CONTAINER_ID}/descriptors (xdm:descriptorIdentity, xdm:alternateDisplayInfo, …)',
    specSays: 'arrays of full descriptor objects',
    emulatorDoes:
      'full objects with Accept application/vnd.adobe.xdm+json, descriptor ids with xdm-id+json, "/tenant/descriptors/{id}" paths with xdm-link+json',
    why:
      "The spec describes only the xdm+json variant; the descriptors guide shows the xdm-link+json list as arrays of " +
      '"/tenant/descriptors/<id>" strings and the xdm-id+json list as arrays of ids (platform-api.md §4.2).',
    patch: ['xdm:alternateDisplayInfo', 'xdm:descriptorIdentity', 'xdm:descriptorReferenceIdentity', 'xdm:descriptorOneToOne'].map((key) => ({
      pointer: `/definitions/listDescriptorsResponse/properties/${key}/items`,
      apply: (node: unknown) => ({ anyOf: [{ type: 'string' }, node] }),
    })),
  },
  {
    id: 'flowspec-transformationSpecs-array',
    spec: 'flow-service',
    field: 'transformationSpecs of a flow spec (FlowSpecItemDTO; GET /flowSpecs, /flowSpecs/{FLOW_SPEC_ID})',
    specSays: 'a single object {name, spec}',
    emulatorDoes: 'sends an array of {name, spec} (Copy and Mapping for CRMToAEP)',
    why:
      "The spec's own GET /flowSpecs example shows `transformationSpec:` as a list (`- name: Mapping`), a flow spec " +
      'has several transformations (platform-api.md §8.2: Copy and Mapping), and flows reference them by name in ' +
      'their `transformations` array.',
    patch: { pointer: '/components/schemas/FlowSpecItemDTO/properties/transformationSpecs', apply: (node) => ({ type: 'array', items: node }) },
  },
  {
    id: 'data-prep-epoch-dates',
    spec: 'data-prep',
    field: 'createdDate, modifiedDate of mapping sets, mappings and create answers (SimpleRepresentation, MappingSet, MappingOperation, SchemaRepresentation)',
    specSays: 'type string, format date-time',
    emulatorDoes: 'sends epoch milliseconds (1614901254724)',
    why:
      "The spec's own examples (POST /mappingSets answer, MappingOperation, MapperSetPage) and the mapping-set guide " +
      'all show epoch-ms integers (platform-api.md §6.1: "dates are epoch ms in examples although the OpenAPI types them as date-time").',
    patch: ['SimpleRepresentation', 'MappingSet', 'MappingOperation', 'SchemaRepresentation'].flatMap((schema) =>
      ['createdDate', 'modifiedDate'].map((field) => ({ pointer: `/components/schemas/${schema}/properties/${field}`, value: { type: 'integer', format: 'int64' } })),
    ),
  },
  {
    id: 'data-prep-sourceType-on-read',
    spec: 'data-prep',
    field: 'mappings[].sourceType of a mapping set as read back (MappingOperation)',
    specSays: 'enum ATTRIBUTE | EXPRESSION | STATIC',
    emulatorDoes: 'answers the MIME-ish form the Platform stores: text/x.schema-path (attributes), text/x.aep-xl (expressions)',
    why:
      "The spec's own MappingOperation example has `sourceType: text/x.schema-path`; the enum only holds for what a " +
      'client sends (platform-api.md §6.3: "on read, sourceType comes back as a MIME-ish string").',
    patch: { pointer: '/components/schemas/MappingOperation/properties/sourceType', apply: (node) => ({ anyOf: [node, { type: 'string', pattern: '^text/x\\.' }] }) },
  },
  {
    id: 'data-prep-validation-errors-null',
    spec: 'data-prep',
    operation: 'POST /mappingSets/validate',
    field: 'validationResponse[].errors (ValidationResponse)',
    specSays: 'array of TransformErrorInfo',
    emulatorDoes: 'sends null for a mapping that validates (status SUCCESS), an array otherwise',
    why: 'The mapping-set guide\'s validate example answers `{"status": "SUCCESS", "errors": null}` for every valid mapping (platform-api.md §6.2).',
    patch: { pointer: '/components/schemas/ValidationResponse/properties/errors', apply: (node) => ({ ...(node as object), 'x-nullable': true }) },
  },
  {
    id: 'data-prep-list-mappings-array',
    spec: 'data-prep',
    operation: 'GET /mappingSets/{MAPPING_SET_ID}/mappings',
    field: 'the 200 body of GET /mappingSets/{MAPPING_SET_ID}/mappings',
    specSays: 'one MappingOperation object',
    emulatorDoes: 'sends an array of MappingOperation',
    why:
      'The operation is "Retrieve a list of mappings for a specified mapping set" (operationId listMappings) and the ' +
      'mapping-set guide shows an array of mappings (platform-api.md §6.3); the schema is the single-mapping one of the next path.',
    patch: {
      pointer: '/paths/~1mappingSets~1{MAPPING_SET_ID}~1mappings/get/responses/200/content/application~1json/schema',
      apply: (node) => ({ type: 'array', items: node }),
    },
  },
  {
    id: 'data-prep-jsonschema-any-values',
    spec: 'data-prep',
    field: 'outputSchema.jsonSchema (JsonSchema: default, enum[], minimum, maximum) of GET /mappingSets/{MAPPING_SET_ID}?expandSchema=true',
    specSays: 'type object (an empty object schema) for default, each enum value, minimum and maximum',
    emulatorDoes: 'sends the XDM schema\'s own values: numbers for minimum/maximum, strings for enum values and defaults',
    why:
      'JsonSchema is generated from a Java class whose fields are typed Object (a JSON Schema keyword value, any JSON); ' +
      'the generator rendered Object as `type: object`. In a JSON Schema, minimum/maximum are numbers and enum/default any value.',
    patch: [
      ...['default', 'minimum', 'maximum'].map((field) => ({ pointer: `/components/schemas/JsonSchema/properties/${field}`, value: {} })),
      { pointer: '/components/schemas/JsonSchema/properties/enum/items', value: {} },
    ],
  },
  {
    id: 'data-prep-preview-array',
    spec: 'data-prep',
    operation: 'POST /mappingSets/preview',
    field: 'the 200 body of POST /mappingSets/preview',
    specSays: 'one PreviewResponse object {data, errors}',
    emulatorDoes: 'sends an array with one {data, errors} per row sent, in order',
    why:
      "The mapping-set guide's preview example (data-prep/api/mapping-set.md, \"Preview data for mappings\") answers " +
      '`[{"data": {…}, "errors": null}]` for a request whose `data` is an array of rows (platform-api.md §6.2); one ' +
      'object cannot answer several rows.',
    patch: { pointer: '/paths/~1mappingSets~1preview/post/responses/200/content/application~1json/schema', apply: (node) => ({ type: 'array', items: node }) },
  },
  {
    id: 'data-prep-preview-nulls',
    spec: 'data-prep',
    operation: 'POST /mappingSets/preview',
    field: '[].data and [].errors of a preview answer (PreviewResponse)',
    specSays: 'data an object, errors an array of TransformErrorInfo',
    emulatorDoes: 'errors null for a row that maps; data null (and the errors) for a row a run would reject',
    why:
      "The guide's preview example sends `\"errors\": null` for a row that maps. A row with errors is not ingested by a " +
      'run, so it has no record to show; the guide shows no failing row, and null says so where `{}` would look like ' +
      'a row that mapped to nothing.',
    patch: ['data', 'errors'].map((field) => ({ pointer: `/components/schemas/PreviewResponse/properties/${field}`, apply: (node: unknown) => ({ ...(node as object), 'x-nullable': true }) })),
  },
  {
    id: 'data-prep-el-validate-status',
    spec: 'data-prep',
    operation: 'POST /languages/el/validate',
    field: 'the 200 body of POST /languages/el/validate',
    specSays: 'a boolean (example: false)',
    emulatorDoes: 'sends {"validationStatus": "succeeded", "error": "none"} for a valid expression (an invalid one is the documented 400)',
    why:
      "The functions guide (data-prep/api/functions.md, \"Validate expressions\") answers the same request with " +
      '`{"validationStatus": "succeeded", "error": "none"}`; the spec\'s boolean has no room for the reason of a failure.',
    patch: {
      pointer: '/paths/~1languages~1el~1validate/post/responses/200/content/application~1json/schema',
      apply: (node) => ({ anyOf: [node, { type: 'object', required: ['validationStatus', 'error'], properties: { validationStatus: { type: 'string' }, error: { type: 'string' } } }] }),
    },
  },
  {
    id: 'catalog-batch-diagnostics-tags',
    spec: 'catalog',
    field: 'tags.acp_enableErrorDiagnostics and tags.acp_partialIngestionPercent of a batch (GET /batches, /batches/{BATCH_ID})',
    specSays: 'batchResponse.tags: every tag an array of strings',
    emulatorDoes: 'sends acp_enableErrorDiagnostics as a boolean and acp_partialIngestionPercent as a number; other tags stay string arrays',
    why:
      "Adobe's error diagnostics guide (ingestion/quality/error-diagnostics.md, \"Check status\") shows a batch of a flow with " +
      'diagnostics on as `"tags": {"acp_enableErrorDiagnostics": true, "acp_partialIngestionPercent": 5}`: the diagnostics ' +
      'tags are scalars, which the generic tag schema does not foresee.',
    patch: {
      pointer: '/components/schemas/batchResponse/properties/tags',
      apply: (node) => ({
        ...(node as object),
        properties: { acp_enableErrorDiagnostics: { type: 'boolean' }, acp_partialIngestionPercent: { type: 'number' } },
      }),
    },
  },
];
