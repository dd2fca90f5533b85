// Every Data Prep function the emulator evaluates, gathered from the category files under functions/: found by
// name for the compiler (case-insensitive, aliases included) and listed for `GET /languages/el/functions` in the
// documented item shape. Loading this module checks that no two functions share a name — a clash between two
// category files would otherwise make one of them silently unreachable.

import { aggregationFunctions } from './functions/aggregation.js';
import { arrayFunctions } from './functions/arrays.js';
import { conversionFunctions } from './functions/conversion.js';
import { dateFunctions } from './functions/dates.js';
import { hashingFunctions } from './functions/hashing.js';
import { jsonFunctions } from './functions/json.js';
import { logicalFunctions } from './functions/logical.js';
import { mapFunctions } from './functions/maps.js';
import { objectFunctions } from './functions/objects.js';
import { regexFunctions } from './functions/regex.js';
import { specialFunctions } from './functions/special.js';
import { stringFunctions } from './functions/strings.js';
import { urlFunctions } from './functions/url.js';
import { userAgentFunctions } from './functions/user-agent.js';
import { METHOD_DOCS } from './methods.js';
import type { ExpressionFunction, FunctionDoc } from './registry.js';

/** In the documentation's order of categories. */
const FUNCTIONS: readonly ExpressionFunction[] = [
  ...stringFunctions,
  ...regexFunctions,
  ...hashingFunctions,
  ...urlFunctions,
  ...dateFunctions,
  ...objectFunctions,
  ...arrayFunctions,
  ...mapFunctions,
  ...logicalFunctions,
  ...aggregationFunctions,
  ...conversionFunctions,
  ...jsonFunctions,
  ...specialFunctions,
  ...userAgentFunctions,
];

/** Functions by lower-cased name and alias. Throws when two share a name (or an alias). */
export function indexFunctions(functions: readonly ExpressionFunction[]): ReadonlyMap<string, ExpressionFunction> {
  const index = new Map<string, ExpressionFunction>();
  for (const fn of functions) {
    for (const name of [fn.name, ...(fn.aliases ?? [])]) {
      const key = name.toLowerCase();
      const taken = index.get(key);
      if (taken) throw new Error(`Two expression functions are named ${key}(): ${taken.name} (${taken.category}) and ${fn.name} (${fn.category})`);
      index.set(key, fn);
    }
  }
  return index;
}

const INDEX = indexFunctions(FUNCTIONS);

/** The function called `name` (any case; an alias finds its function). */
export function findFunction(name: string): ExpressionFunction | undefined {
  return INDEX.get(name.toLowerCase());
}

/** Every name a function can be called by, aliases included (for "did you mean"). */
export function functionNames(): string[] {
  return FUNCTIONS.flatMap((fn) => [fn.name, ...(fn.aliases ?? [])]);
}

export interface FunctionParamListing {
  name: string;
  description: string;
  type: string;
  /** The Java class (`java.lang.String`); a variadic parameter is an array of it (`[Ljava.lang.Object;`). */
  dataType: string;
  /** 1-based. */
  position: number;
}

/** One item of `GET /languages/el/functions`, as the OpenAPI example shows it. */
export interface FunctionListing {
  category: string;
  function: string;
  description: string;
  syntax: string;
  returns: string;
  returnType: string;
  example: string;
  result: string;
  params: FunctionParamListing[];
  since: 1;
}

const JAVA_TYPES: Readonly<Record<string, string>> = {
  string: 'java.lang.String',
  int: 'java.lang.Integer',
  integer: 'java.lang.Integer',
  long: 'java.lang.Long',
  number: 'java.lang.Number',
  double: 'java.lang.Double',
  float: 'java.lang.Float',
  decimal: 'java.math.BigDecimal',
  boolean: 'java.lang.Boolean',
  date: 'java.time.ZonedDateTime',
  array: 'java.util.List',
  list: 'java.util.List',
  map: 'java.util.Map',
  object: 'java.lang.Object',
};

function listParams(doc: FunctionDoc): FunctionParamListing[] {
  return doc.params.map((param, i) => {
    const javaType = JAVA_TYPES[param.type.toLowerCase()] ?? 'java.lang.Object';
    return { name: param.name, description: param.description, type: param.type, dataType: param.variadic ? `[L${javaType};` : javaType, position: i + 1 };
  });
}

/** The item of `doc` under the name `name` (an alias is listed with its own name in the syntax and example). */
function listItem(doc: FunctionDoc, name: string): FunctionListing {
  const rename = (text: string) => (name === doc.name ? text : text.split(`${doc.name}(`).join(`${name}(`));
  return {
    category: doc.category,
    function: name,
    description: name === doc.name ? doc.description : `${doc.description} (An alias of ${doc.name}.)`,
    syntax: rename(doc.syntax),
    returns: doc.returns ?? '',
    returnType: doc.returnType ?? 'java.lang.Object',
    example: rename(doc.example),
    result: doc.result,
    params: listParams(doc),
    since: 1,
  };
}

/** `GET /languages/el/functions`: every function and every alias, and the String methods the documentation lists. */
export function functionListing(): FunctionListing[] {
  const docs: FunctionDoc[] = [...stringFunctions, ...METHOD_DOCS, ...FUNCTIONS.slice(stringFunctions.length)];
  return docs.flatMap((doc) => [doc.name, ...(doc.aliases ?? [])].map((name) => listItem(doc, name)));
}
