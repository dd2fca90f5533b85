// For a process that reads each response once (a CLI command): zod's compiled parsers (one new Function per object
// schema) cost more to compile than they save on one parse. A module of its own, imported on demand, so that the
// importer does not hold zod's whole namespace (an import() of models/zod.ts would, and bundle all of zod).

import { config } from './zod.js';

export function parseEachShapeOnce(): void {
  config({ jitless: true });
}
