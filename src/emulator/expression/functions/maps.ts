// "Hierarchies - Maps": reading and merging maps (Java Map<String, Object>, here plain objects).
//
// The newest page has this table commented out (still being written), with its examples in the appendix's
// code samples; it lists map_get_values, map_has_keys and add_to_map. A map key given as a number, boolean or
// date "is treated as a string".

import type { ExpressionFunction } from '../registry.js';
import { DateTime, EvaluationError, isObject, type Value, type ValueObject } from '../values.js';
import { describeValue } from './arrays.js';
import { getKey, putKey } from './objects.js';

/** The map argument of `name`; null stays null. */
function mapArg(name: string, value: Value | undefined): ValueObject | null {
  if (value === undefined || value === null) return null;
  if (isObject(value)) return value;
  throw new EvaluationError(`${name}: MAP must be a map, got ${describeValue(value)}`);
}

/** One key as a string: the documented "any other primitive type (date / number) is treated as a string". */
function keyText(name: string, key: Value): string | null {
  if (key === null) return null;
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  if (key instanceof DateTime) return key.toDate().toISOString();
  throw new EvaluationError(`${name}: KEY must be a string or an array of strings, got ${describeValue(key)}`);
}

/** KEY as a list of distinct keys (a single key, or a string array; null keys are ignored). */
function keysArg(name: string, key: Value | undefined): string[] {
  const list = Array.isArray(key) ? key : [key ?? null];
  const keys = list.map((item) => keyText(name, item)).filter((item): item is string => item !== null);
  return [...new Set(keys)];
}

/**
 * The entries of MAP whose keys are among KEY, in the map's order. The description says "returns the value",
 * but the documented example's result is a map (`{"author": "George R. R. Martin"}`), for a single key as for
 * several; the example is followed, so that one key and many give the same shape.
 */
function mapGetValues([map, key]: readonly Value[]): Value {
  const source = mapArg('map_get_values', map);
  if (source === null) return null;
  const wanted = new Set(keysArg('map_get_values', key));
  const picked: ValueObject = {};
  for (const name of Object.keys(source)) if (wanted.has(name)) putKey(picked, name, source[name] ?? null);
  return picked;
}

/** add_to_map: every pair of every map; the first occurrence of a key wins, as documented. Null maps add nothing. */
function addToMap(maps: readonly Value[]): ValueObject {
  const merged: ValueObject = {};
  for (const map of maps) {
    const source = mapArg('add_to_map', map);
    if (source === null) continue;
    for (const name of Object.keys(source)) {
      if (!Object.hasOwn(merged, name)) putKey(merged, name, source[name] ?? null);
    }
  }
  return merged;
}

const bookDetails = `{"author": "George R. R. Martin", "price": 17.99, "ISBN": "ISBN-978-0553801477"}`;

export const mapFunctions: readonly ExpressionFunction[] = [
  {
    name: 'map_get_values',
    category: 'Hierarchies - Maps',
    description:
      'Takes a map and a key input. If the input is a single key, then the function returns the value associated with that key. If the input is a string array, then the function returns all values corresponding to the keys provided. If the incoming map has duplicate keys, the return value must de-duplicate the keys and return unique values.',
    syntax: 'map_get_values(MAP, KEY)',
    params: [
      { name: 'MAP', type: 'map', description: 'The input map data.' },
      { name: 'KEY', type: 'string', description: 'The key can be a single string or a string array. If any other primitive type (data / number) is provided, then it is treated as a string.' },
    ],
    minArgs: 2,
    maxArgs: 2,
    example: `map_get_values(book_details, "author") where book_details is ${bookDetails}`,
    result: '{"author": "George R. R. Martin"}',
    returns: 'A map of the given keys that the map has, with their values',
    returnType: 'java.util.Map',
    // A null MAP gives null; a null KEY, or keys the map lacks, give an empty map.
    call: (args) => mapGetValues(args),
  },
  {
    name: 'map_has_keys',
    category: 'Hierarchies - Maps',
    description:
      'If one or more input keys are provided, then the function returns true. If a string array is provided as input, then the function returns true on the first key that is found.',
    syntax: 'map_has_keys(MAP, KEY)',
    params: [
      { name: 'MAP', type: 'map', description: 'The input map data.' },
      { name: 'KEY', type: 'string', description: 'The key can be a single string or a string array. If any other primitive type (data / number) is provided, then it is treated as a string.' },
    ],
    minArgs: 2,
    maxArgs: 2,
    example: `map_has_keys(book_details, "author") where book_details is ${bookDetails}`,
    result: 'true',
    returns: 'Whether the map has any of the keys',
    returnType: 'java.lang.Boolean',
    // A null MAP has no keys, and a null KEY names none: false.
    call: ([map, key]) => {
      const source = mapArg('map_has_keys', map);
      return source !== null && keysArg('map_has_keys', key).some((name) => getKey(source, name) !== undefined);
    },
  },
  {
    name: 'add_to_map',
    category: 'Hierarchies - Maps',
    description:
      'Accepts at least two inputs. Any number of maps can be provided as inputs. Data Prep returns a single map that has all key-value pairs from all the inputs. If one or more keys are repeated (in the same map or across maps), Data Prep de-duplicates the keys so that the first key-value pair persists in the order that they were passed in the input.',
    syntax: 'add_to_map(MAP 1, MAP 2, MAP 3, ...)',
    params: [{ name: 'MAP', type: 'map', description: 'The input map data.', variadic: true }],
    minArgs: 2,
    maxArgs: Infinity,
    example: `add_to_map(book_details, book_details2) where book_details is ${bookDetails} and book_details2 is {"author": "Neil Gaiman", "price": 17.99, "ISBN": "ISBN-0-380-97365-0", "publisher": "William Morrow"}`,
    result: '{"author": "George R. R. Martin", "price": 17.99, "ISBN": "ISBN-978-0553801477", "publisher": "William Morrow"}',
    returns: 'A new map with all elements from map and addends',
    returnType: 'java.util.Map',
    call: (args) => addToMap(args),
  },
];
