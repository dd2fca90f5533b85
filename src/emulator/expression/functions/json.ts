// "JSON" functions: json_to_object, Jackson's ObjectMapper.readValue(text, Object.class) in Data Prep: objects
// become maps, arrays lists, and scalars (a JSON string, number, true) themselves.

import type { ExpressionFunction } from '../registry.js';
import { EvaluationError, isObject, type Value } from '../values.js';
import { textArg } from './strings.js';

/**
 * The value of the JSON text; null gives null. An object or array argument (a source column that already
 * holds parsed JSON) is returned as it is. Text that is not JSON fails the row, as Jackson throws. (Numbers
 * beyond 2^53 lose precision, where Jackson would make a BigInteger: values.ts has one number type.)
 */
function jsonToObject([value = null]: readonly Value[]): Value {
  if (Array.isArray(value) || isObject(value)) return value;
  const text = textArg('json_to_object', 'STRING', value);
  if (text === null) return null;
  try {
    // JSON.parse defines "__proto__" as an own key, as any other key: no prototype is touched.
    return JSON.parse(text) as Value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EvaluationError(`json_to_object: STRING is not valid JSON (${reason})`);
  }
}

export const jsonFunctions: readonly ExpressionFunction[] = [
  {
    name: 'json_to_object',
    category: 'JSON',
    description: 'Deserialize JSON content from the given string.',
    syntax: 'json_to_object(STRING)',
    params: [{ name: 'STRING', type: 'string', description: 'The JSON string to be deserialized.' }],
    minArgs: 1,
    maxArgs: 1,
    example: 'json_to_object({"info":{"firstName":"John","lastName": "Doe"}})',
    result: 'An object representing the JSON.',
    call: jsonToObject,
  },
];
