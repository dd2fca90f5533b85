// The Data Prep functions of the string, regular expression, hashing, URL, JSON, special and user agent
// categories: every documented example with its documented output, then nulls, errors and edge cases. Expected
// values marked "jshell" were computed with Java 17, whose behaviour Data Prep's (JVM) mapper has.
// The functions are called directly, with evaluated arguments, as the evaluator calls them.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/emulator/expression/expression.js';
import { hashingFunctions } from '../../src/emulator/expression/functions/hashing.js';
import { jsonFunctions } from '../../src/emulator/expression/functions/json.js';
import { regexFunctions } from '../../src/emulator/expression/functions/regex.js';
import { specialFunctions } from '../../src/emulator/expression/functions/special.js';
import { stringFunctions } from '../../src/emulator/expression/functions/strings.js';
import { urlFunctions } from '../../src/emulator/expression/functions/url.js';
import { userAgentFunctions } from '../../src/emulator/expression/functions/user-agent.js';
import type { EvaluationContext, ExpressionFunction, FunctionCategory } from '../../src/emulator/expression/registry.js';
import { DateTime, EvaluationError, type Value } from '../../src/emulator/expression/values.js';

const libraries: [FunctionCategory, readonly ExpressionFunction[]][] = [
  ['String', stringFunctions],
  ['Regular expression', regexFunctions],
  ['Hashing', hashingFunctions],
  ['URL', urlFunctions],
  ['JSON', jsonFunctions],
  ['Special operations', specialFunctions],
  ['User agent', userAgentFunctions],
];
const all = libraries.flatMap(([, functions]) => functions);

const context: EvaluationContext = {
  now: () => new DateTime(Date.UTC(2021, 9, 26, 10, 10, 24)),
  uuid: () => '7c0267d2-bb74-4e1a-9275-3bf4fccda5f4',
  hasPath: () => false,
};

function lookup(name: string): ExpressionFunction {
  const found = all.find((candidate) => candidate.name === name || candidate.aliases?.includes(name));
  if (!found) throw new Error(`no function ${name}`);
  return found;
}

const call = (name: string, ...args: Value[]): Value => lookup(name).call(args, context);
const fails = (name: string, message: string | RegExp, ...args: Value[]) => {
  expect(() => call(name, ...args)).toThrow(EvaluationError);
  expect(() => call(name, ...args)).toThrow(message);
};

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 5_1_1 like Mac OS X) AppleWebKit/534.46 (KHTML, like Gecko) Version/5.1 Mobile/9B206 Safari/7534.48.3';

describe('the function listings', () => {
  it('does not load ua-parser-js before a ua_* function is called (start-up time)', () => {
    const require = createRequire(import.meta.url);
    expect(require.cache[require.resolve('ua-parser-js')]).toBeUndefined();
    call('ua_os_name', IPHONE);
    expect(require.cache[require.resolve('ua-parser-js')]).toBeDefined();
  });

  it('lists every documented function of these categories once', () => {
    expect(all.map((fn) => fn.name).sort()).toEqual(
      [
        'concat', 'explode', 'instr', 'replacestr', 'substr', 'lower', 'upper', 'split', 'join', 'lpad', 'rpad',
        'left', 'right', 'ltrim', 'rtrim', 'trim',
        'extract_regex', 'matches_regex',
        'sha1', 'sha256', 'sha512', 'md5', 'crc32',
        'get_url_protocol', 'get_url_host', 'get_url_port', 'get_url_path', 'get_url_query_str', 'get_url_encoded', 'get_url_decoded',
        'json_to_object',
        'uuid',
        'ua_os_name', 'ua_os_version_major', 'ua_os_version', 'ua_os_name_version', 'ua_agent_version',
        'ua_agent_version_major', 'ua_agent_name', 'ua_device_class',
      ].sort(),
    );
    expect(lookup('lcase').name).toBe('lower');
    expect(lookup('ucase').name).toBe('upper');
    expect(lookup('guid').name).toBe('uuid');
  });

  it.each(libraries)('fills every field of the %s functions', (category, functions) => {
    for (const fn of functions) {
      expect(fn.category, fn.name).toBe(category);
      expect(fn.name).toMatch(/^[a-z0-9_]+$/);
      for (const field of [fn.description, fn.syntax, fn.example, fn.result]) expect(field, fn.name).not.toBe('');
      expect(fn.syntax.startsWith(`${fn.name}(`), fn.name).toBe(true);
      expect(fn.example.startsWith(`${fn.name}(`), fn.name).toBe(true);
      expect(fn.minArgs, fn.name).toBeLessThanOrEqual(fn.maxArgs);
      const required = fn.params.filter((param) => !param.optional && !param.variadic).length;
      expect(fn.minArgs, fn.name).toBeGreaterThanOrEqual(required);
      expect(fn.minArgs, fn.name).toBeLessThanOrEqual(fn.params.length);
      if (fn.maxArgs !== Infinity) expect(fn.params.length, fn.name).toBe(fn.maxArgs);
      for (const param of fn.params) expect(param.name && param.type && param.description, fn.name).toBeTruthy();
    }
  });
});

describe('string functions', () => {
  it('computes the documented examples', () => {
    expect(call('concat', 'Hi, ', 'there', '!')).toBe('Hi, there!');
    // The page shows ["Hi,", "there"]: Java's "Hi, there!".split(" ") keeps the "!" (jshell).
    expect(call('explode', 'Hi, there!', ' ')).toEqual(['Hi,', 'there!']);
    expect(call('instr', 'adobe.com', 'com')).toBe(6);
    expect(call('replacestr', 'This is a string re test', 're', 'replace')).toBe('This is a string replace test');
    expect(call('substr', 'This is a substring test', 7, 8)).toBe(' a subst');
    expect(call('lower', 'HeLLo')).toBe('hello');
    expect(call('lcase', 'HeLLo')).toBe('hello');
    expect(call('upper', 'HeLLo')).toBe('HELLO');
    expect(call('ucase', 'HeLLo')).toBe('HELLO');
    expect(call('split', 'Hello world', ' ')).toEqual(['Hello', 'world']);
    expect(call('join', ' ', ['Hello', 'world'])).toBe('Hello world');
    expect(call('lpad', 'bat', 8, 'yz')).toBe('yzyzybat');
    expect(call('rpad', 'bat', 8, 'yz')).toBe('batyzyzy');
    expect(call('left', 'abcde', 2)).toBe('ab');
    expect(call('right', 'abcde', 2)).toBe('de');
    expect(call('ltrim', ' hello')).toBe('hello');
    expect(call('rtrim', 'hello ')).toBe('hello');
    expect(call('trim', ' hello ')).toBe('hello');
  });

  it('concat skips nulls, and is null only when every argument is', () => {
    expect(call('concat', 'a', null, 'b')).toBe('ab');
    expect(call('concat', null, null)).toBeNull();
    expect(call('concat', 'n=', 12, ' ', true)).toBe('n=12 true');
    expect(call('concat', ['a', 'b'])).toBe('ab'); // one array is the varargs list
    expect(call('concat', 'at ', new DateTime(Date.UTC(2021, 9, 26, 10, 10, 24)))).toBe('at 2021-10-26T10:10:24Z'); // as Java's ISO_OFFSET_DATE_TIME prints it
    fails('concat', 'concat: STRING must be a string, got an object', 'a', { b: 1 });
  });

  it('explode splits as Java String.split does (jshell)', () => {
    expect(call('explode', 'a,b,c')).toEqual(['a', 'b', 'c']); // "," by default
    expect(call('explode', 'a,b,,', ',')).toEqual(['a', 'b']); // trailing empty parts dropped
    expect(call('explode', ',a', ',')).toEqual(['', 'a']); // a leading one kept
    expect(call('explode', ',,,', ',')).toEqual([]);
    expect(call('explode', '', ',')).toEqual(['']);
    expect(call('explode', 'abc', '')).toEqual(['a', 'b', 'c']);
    expect(call('explode', 'ab', '(?=a)')).toEqual(['ab']); // no leading empty part for a zero-width match
    expect(call('explode', 'a1b22c', '\\d+')).toEqual(['a', 'b', 'c']);
    expect(call('explode', 'id1|id2', '\\|')).toEqual(['id1', 'id2']);
    expect(call('explode', 'a::b::c', '::')).toEqual(['a', 'b', 'c']); // a multi-character delimiter
    expect(call('explode', 'a😀b', '')).toEqual(['a', '😀', 'b']); // code points, not halves
    expect(call('explode', null, ',')).toBeNull();
    fails('explode', 'explode: REGEX "a{" has an illegal repetition', 'abc', 'a{');
  });

  it('instr gives the 0-based index (Java indexOf: "com" starts at 6 in "adobe.com"), -1 when absent', () => {
    expect(call('instr', 'adobe.com', 'xyz')).toBe(-1);
    expect(call('instr', 'adobe.com', 'adobe')).toBe(0);
    expect(call('instr', 'a.b.c', '.', 2)).toBe(3);
    expect(call('instr', 'a.b.c', '.', 0, 2)).toBe(3);
    expect(call('instr', 'a.b.c', '.', 0, 3)).toBe(-1);
    expect(call('instr', 'aaa', 'aa', 0, 2)).toBe(1); // occurrences may overlap (StringUtils.ordinalIndexOf)
    expect(call('instr', 'abc', 'c', 10)).toBe(-1);
    expect(call('instr', 'abc', 'a', -5)).toBe(0); // indexOf takes a negative start as 0
    expect(call('instr', 'adobe.com', 'com', '2')).toBe(6); // a whole number as text
    expect(call('instr', null, 'com')).toBeNull();
    expect(call('instr', 'adobe.com', null)).toBeNull();
    fails('instr', 'instr: OCCURRENCE must be 1 or more, got 0', 'abc', 'b', 0, 0);
    fails('instr', 'instr: START_POSITION must be a whole number, got 1.5', 'abc', 'b', 1.5);
  });

  it('replacestr replaces every occurrence and leaves the input alone without a TO_FIND', () => {
    expect(call('replacestr', 'a-b-c', '-', '+')).toBe('a+b+c');
    expect(call('replacestr', 'a$b', '$', '$$')).toBe('a$$b'); // no replacement patterns
    expect(call('replacestr', 'abc', '', 'x')).toBe('abc');
    expect(call('replacestr', 'abc', null, 'x')).toBe('abc');
    expect(call('replacestr', 'abc', 'b', null)).toBe('abc');
    expect(call('replacestr', null, 'b', 'x')).toBeNull();
  });

  it('substr clips out-of-range bounds and counts a negative start from the end', () => {
    expect(call('substr', 'abcdef', 0, 3)).toBe('abc');
    expect(call('substr', 'abcdef', 4, 10)).toBe('ef');
    expect(call('substr', 'abcdef', 10, 2)).toBe('');
    expect(call('substr', 'abcdef', -3, 2)).toBe('de');
    expect(call('substr', 'abcdef', 2, -1)).toBe('');
    expect(call('substr', 'abcdef', '1', '2')).toBe('bc');
    expect(call('substr', null, 1, 2)).toBeNull();
    expect(call('substr', 'abc', null, 2)).toBeNull();
    fails('substr', 'substr: START_INDEX must be a whole number, got "x"', 'abc', 'x', 2);
    fails('substr', 'substr: LENGTH must be a whole number, got an array', 'abc', 1, [2]);
  });

  it('lower and upper', () => {
    expect(call('lower', null)).toBeNull();
    expect(call('upper', 'straße')).toBe('STRASSE');
    expect(call('lower', 'İ')).toBe('i̇'); // not Turkish: locale-independent
    fails('lower', 'lower: INPUT must be a string, got an array', ['A']);
  });

  it('split splits on any separator character and drops empty parts (StringUtils.split)', () => {
    expect(call('split', 'a,b;;c', ',;')).toEqual(['a', 'b', 'c']);
    expect(call('split', ',a,,b,', ',')).toEqual(['a', 'b']);
    expect(call('split', 'a\\b', '\\')).toEqual(['a', 'b']);
    expect(call('split', '', ',')).toEqual([]);
    expect(call('split', ' a \t b ', null)).toEqual(['a', 'b']); // whitespace
    expect(call('split', null, ',')).toBeNull();
  });

  it('join takes an array or further arguments; nulls join as empty', () => {
    expect(call('join', '-', 'a', 'b', 'c')).toBe('a-b-c');
    expect(call('join', '-', ['a', null, 1])).toBe('a--1');
    expect(call('join', null, ['a', 'b'])).toBe('ab');
    expect(call('join', '-', [])).toBe('');
    expect(call('join', '-', null)).toBeNull();
    fails('join', 'join: OBJECTS must be a string, got an object', '-', [{ a: 1 }]);
  });

  it('lpad and rpad follow StringUtils: null input, default padding, no truncation', () => {
    expect(call('lpad', null, 8, 'yz')).toBeNull();
    expect(call('lpad', 'bat', 5, null)).toBe('  bat');
    expect(call('rpad', 'bat', 5, '')).toBe('bat  ');
    expect(call('lpad', 'bat', 2, 'x')).toBe('bat');
    expect(call('rpad', 'bat', -1, 'x')).toBe('bat');
    expect(call('lpad', 'bat', '6', '0')).toBe('000bat');
    expect(call('rpad', '', 3, 'ab')).toBe('aba');
    expect(call('lpad', 'bat', null, 'x')).toBeNull();
    fails('lpad', 'lpad: COUNT must be a whole number, got "eight"', 'bat', 'eight', 'x');
    fails('rpad', 'rpad: COUNT 2000000000 is too large', 'bat', 2_000_000_000, 'x');
  });

  it('left and right', () => {
    expect(call('left', 'abc', 10)).toBe('abc');
    expect(call('right', 'abc', 10)).toBe('abc');
    expect(call('left', 'abc', -1)).toBe('');
    expect(call('right', 'abc', 0)).toBe('');
    expect(call('left', null, 2)).toBeNull();
    fails('right', 'right: COUNT must be a whole number, got true', 'abc', true);
  });

  it('trims whitespace as Character.isWhitespace defines it', () => {
    expect(call('trim', '\t\n hello \r\u2003')).toBe('hello');
    expect(call('ltrim', '  a b  ')).toBe('a b  ');
    expect(call('rtrim', '  a b  ')).toBe('  a b');
    expect(call('trim', '\u00A0hello\u00A0')).toBe('\u00A0hello\u00A0'); // a no-break space is not whitespace in Java
    expect(call('trim', null)).toBeNull();
    expect(call('trim', 12)).toBe('12');
  });
});

describe('regular expression functions', () => {
  it('computes the documented examples', () => {
    expect(call('extract_regex', 'E259,E259B_009,1_1', '([^,]+),[^,]*,([^,]+)')).toEqual(['E259,E259B_009,1_1', 'E259', '1_1']);
    expect(call('matches_regex', 'E259,E259B_009,1_1', '([^,]+),[^,]*,([^,]+)')).toBe(true);
  });

  it('matches_regex matches the whole string, as String.matches (jshell)', () => {
    expect(call('matches_regex', 'xabc', 'abc')).toBe(false);
    expect(call('matches_regex', 'ab', 'a|ab')).toBe(true); // backtracks into the alternation for a full match
    expect(call('matches_regex', 'abc\n', 'abc$')).toBe(false);
    expect(call('matches_regex', 'ABC', '(?i)abc')).toBe(true);
    expect(call('matches_regex', '😀', '.')).toBe(true); // one code point
    expect(call('matches_regex', null, 'a')).toBeNull();
    expect(call('matches_regex', 'a', null)).toBeNull();
  });

  it('extract_regex finds the first match; unmatched groups are null, no match is null', () => {
    expect(call('extract_regex', 'order 42 of 7', '(\\d+)')).toEqual(['42', '42']);
    expect(call('extract_regex', 'b', '(a)|(b)')).toEqual(['b', null, 'b']);
    expect(call('extract_regex', 'abc', '\\d')).toBeNull();
    expect(call('extract_regex', 'abc', '(?<first>a)')).toEqual(['a', 'a']);
  });

  it('translates the Java syntax JavaScript reads differently', () => {
    expect(call('matches_regex', 'a,b', 'a\\,b')).toBe(true); // Java escapes any punctuation
    expect(call('matches_regex', ']', '[]a]')).toBe(true); // a leading ] is literal in a Java class
    expect(call('matches_regex', 'a}', 'a}')).toBe(true);
    expect(call('matches_regex', 'a.b*', '\\Qa.b*\\E')).toBe(true);
    expect(call('matches_regex', 'a.b', 'a\\Q.\\Eb')).toBe(true);
    expect(call('matches_regex', 'axb', 'a\\Q.\\Eb')).toBe(false);
    expect(call('matches_regex', 'A', '\\x{41}')).toBe(true);
    expect(call('matches_regex', 'A', '\\0101')).toBe(true); // octal
    expect(call('matches_regex', 'é', '\\p{Alpha}')).toBe(false); // POSIX classes are ASCII in Java
    expect(call('matches_regex', 'é', '\\p{L}')).toBe(true);
    expect(call('matches_regex', 'é', '\\p{IsLatin}')).toBe(true);
    expect(call('matches_regex', 'é', '\\p{IsAlphabetic}')).toBe(true);
    expect(call('matches_regex', 'x', '[\\p{Digit}x]')).toBe(true);
    expect(call('matches_regex', '\u0085', '.')).toBe(false); // NEL ends a line in Java
    expect(call('matches_regex', '\u0085', '(?s).')).toBe(true);
    expect(call('matches_regex', '\t', '\\h')).toBe(true);
    expect(call('matches_regex', '\r\n', '\\R')).toBe(true);
    expect(call('matches_regex', '\u001B', '\\e')).toBe(true);
  });

  it('translates \\A, \\z, \\Z and $ (before a final line terminator, as in Java)', () => {
    expect(call('extract_regex', 'abc\n', 'c$')).toEqual(['c']); // jshell: find() is true
    expect(call('extract_regex', 'abc\n', 'c\\z')).toBeNull();
    expect(call('extract_regex', 'abc\r\n', 'c\\Z')).toEqual(['c']);
    expect(call('extract_regex', 'x\nabc', '\\Aabc')).toBeNull();
    expect(call('extract_regex', 'x\nabc', '(?m)^abc$')).toEqual(['abc']);
  });

  it('refuses what JavaScript cannot do, naming it', () => {
    fails('matches_regex', 'a possessive quantifier', 'aaa', 'a*+');
    fails('matches_regex', 'a possessive quantifier', 'aa', 'a{2}+');
    fails('matches_regex', 'an atomic group', 'a', '(?>a)');
    fails('matches_regex', 'inline flags', 'a', 'x(?i)a');
    fails('matches_regex', 'the inline flag(s) x', 'a', '(?x)a');
    fails('matches_regex', 'the escape \\G', 'a', '\\Ga');
    fails('matches_regex', 'a character class inside a character class', 'a', '[a[b]]');
    fails('matches_regex', 'a class intersection', 'a', '[a-z&&[^b]]');
    fails('matches_regex', '\\p{InGreek}', 'a', '\\p{InGreek}');
    fails('matches_regex', 'the escape \\y', 'a', '\\y');
    fails('extract_regex', /extract_regex: REGEX "\(a" is not a valid regular expression/, 'a', '(a');
  });
});

describe('hashing functions', () => {
  it('computes the documented examples', () => {
    expect(call('sha1', 'my text', 'UTF-8')).toBe('c3599c11e47719df18a2448690840c5dfcce3c80');
    expect(call('sha256', 'my text', 'UTF-8')).toBe('7330d2b39ca35eaf4cb95fc846c21ee6a39af698154a83a586ee270a0d372104');
    expect(call('sha512', 'my text', 'UTF-8')).toBe(
      'a3d7e45a0d9be5fd4e4b9a3b8c9c2163c21ef708bf11b4232bb21d2a8704ada2cdcd7b367dd0788a89a5c908cfe377aceb1072a7b386b7d4fd2ff68a8fd24d16',
    );
    expect(call('md5', 'my text', 'UTF-8')).toBe('d3b96ce8c9fb4e9bd0198d03ba6852c7');
    expect(call('crc32', 'my text', 'UTF-8')).toBe('8df92e80');
  });

  it('hashes the bytes Java writes for each charset (jshell)', () => {
    expect(call('md5', 'my text')).toBe('d3b96ce8c9fb4e9bd0198d03ba6852c7'); // UTF-8 by default
    expect(call('md5', 'my text', 'UTF-16')).toBe('85925c6d7d275f30ebef27331d853e85'); // FE FF, then big-endian
    expect(call('md5', 'my text', 'utf-16le')).toBe('2720bd4efd68e54dd3bb58cfbe55deb4');
    expect(call('md5', 'café', 'ISO-8859-1')).toBe('961f50f6282239d09e48f812c1ca7276');
    expect(call('md5', 'café', 'US-ASCII')).toBe('333027b148fc48b3494f9b895f9c857a'); // é is "?"
    expect(call('md5', 'caf?', 'ascii')).toBe('333027b148fc48b3494f9b895f9c857a');
    expect(call('md5', 'café', 'UTF-8')).toBe('07117fe4a1ebd544965dc19573183da2');
    expect(call('md5', 'my text', null)).toBe('d3b96ce8c9fb4e9bd0198d03ba6852c7');
  });

  it('writes crc32 as Guava does: eight digits, least significant byte first', () => {
    expect(call('crc32', 's')).toBe('0bcf0e1b'); // java.util.zip.CRC32: 0x1b0ecf0b
    expect(call('crc32', 'my text', 'UTF-16')).toBe('a4decf59'); // CRC32: 0x59cfdea4
    expect(call('crc32', '')).toBe('00000000');
  });

  it('gives null for null and names the supported charsets for an unknown one', () => {
    expect(call('sha256', null, 'UTF-8')).toBeNull();
    expect(call('sha1', 42)).toBe(call('sha1', '42'));
    fails('sha256', 'sha256: unsupported CHARSET "EBCDIC"; use one of UTF-8, UTF-16, ISO-8859-1, US-ASCII', 'x', 'EBCDIC');
    fails('md5', 'md5: INPUT must be a string, got an object', { a: 1 });
  });
});

describe('URL functions', () => {
  it('computes the documented examples', () => {
    expect(call('get_url_protocol', 'https://platform.adobe.com/home')).toBe('https');
    expect(call('get_url_host', 'https://platform.adobe.com/home')).toBe('platform.adobe.com');
    expect(call('get_url_port', 'sftp://example.com//home/joe/employee.csv')).toBe(22);
    expect(call('get_url_path', 'sftp://example.com//home/joe/employee.csv')).toBe('//home/joe/employee.csv');
    const url = 'foo://example.com:8042/over/there?name=ferret#nose';
    expect(call('get_url_query_str', url, 'retain')).toEqual({ name: 'ferret#nose' });
    expect(call('get_url_query_str', url, 'remove')).toEqual({ name: 'ferret' });
    expect(call('get_url_query_str', url, 'append')).toEqual({ name: 'ferret', _anchor_: 'nose' });
    expect(call('get_url_encoded', 'https://example.com/partneralliance_asia-pacific_2022')).toBe(
      'https%3A%2F%2Fexample.com%2Fpartneralliance_asia-pacific_2022',
    );
    expect(call('get_url_decoded', 'https%3A%2F%2Fexample.com%2Fpartneralliance_asia-pacific_2022')).toBe(
      'https://example.com/partneralliance_asia-pacific_2022',
    );
  });

  it('reads URLs as java.net.URI does, and gives null for an invalid one', () => {
    expect(call('get_url_host', 'foo://Example.COM:8042/x')).toBe('Example.COM');
    expect(call('get_url_host', 'http://user:pw@[::1]:8080/x')).toBe('[::1]');
    expect(call('get_url_port', 'http://[::1]:8080/x')).toBe(8080);
    expect(call('get_url_port', 'http://example.com/x')).toBe(80);
    expect(call('get_url_port', 'HTTPS://example.com')).toBe(443);
    expect(call('get_url_port', 'foo://example.com/x')).toBeNull(); // no port and no well-known one
    expect(call('get_url_path', 'https://example.com')).toBe('');
    expect(call('get_url_path', 'https://example.com/a%20b/c.csv')).toBe('/a b/c.csv');
    expect(call('get_url_path', 'sftp://example.com//home/joe/employee.csv', false)).toBe('employee.csv');
    expect(call('get_url_path', 'mailto:joe@example.com')).toBeNull();
    expect(call('get_url_protocol', 'mailto:joe@example.com')).toBe('mailto');
    expect(call('get_url_protocol', 'example.com/home')).toBeNull();
    expect(call('get_url_host', 'example.com/home')).toBeNull();
    for (const invalid of ['http://a b.com/', 'http://a.com/%zz', 'http://a.com/x#a#b', '1http://a.com']) {
      expect(call('get_url_host', invalid), invalid).toBeNull();
    }
    expect(call('get_url_protocol', null)).toBeNull();
    fails('get_url_path', 'get_url_path: FULL_PATH must be true or false, got "yes"', 'http://a.com/b', 'yes');
  });

  it('reads query strings', () => {
    expect(call('get_url_query_str', 'http://a.com/?a=1&b=x%26y&c&a=2', 'remove')).toEqual({ a: '2', b: 'x&y', c: '' });
    expect(call('get_url_query_str', 'http://a.com/?a=1', 'append')).toEqual({ a: '1' });
    expect(call('get_url_query_str', 'http://a.com/#x', 'append')).toBeNull();
    expect(call('get_url_query_str', 'http://a.com/?__proto__=x', 'remove')).toEqual(JSON.parse('{"__proto__":"x"}'));
    expect(call('get_url_query_str', 'http://a.com/?a=1#n', 'KEEP')).toEqual({ a: '1#n' });
    fails('get_url_query_str', 'get_url_query_str: ANCHOR must be one of "retain", "remove" or "append", got "drop"', 'http://a.com/?a=1', 'drop');
  });

  it('encodes every character of the page\'s table, as URLEncoder with %20 and %2A', () => {
    const table: Record<string, string> = {
      ' ': '%20', '!': '%21', '"': '%22', '#': '%23', $: '%24', '%': '%25', '&': '%26', "'": '%27', '(': '%28',
      ')': '%29', '*': '%2A', '+': '%2B', ',': '%2C', '/': '%2F', ':': '%3A', ';': '%3B', '<': '%3C', '=': '%3D',
      '>': '%3E', '?': '%3F', '@': '%40', '[': '%5B', '\\': '%5C', ']': '%5D', '^': '%5E', '`': '%60', '~': '%7E',
    };
    for (const [char, encoded] of Object.entries(table)) {
      expect(call('get_url_encoded', char), char).toBe(encoded);
      expect(call('get_url_decoded', encoded), encoded).toBe(char);
    }
    expect(call('get_url_encoded', 'aZ09.-_é€')).toBe('aZ09.-_%C3%A9%E2%82%AC');
    expect(call('get_url_decoded', 'a+b%20c%C3%A9')).toBe('a b cé'); // jshell: URLDecoder
    expect(call('get_url_encoded', null)).toBeNull();
    fails('get_url_decoded', 'get_url_decoded: malformed escape at index 3', '100%');
  });
});

describe('JSON functions', () => {
  it('computes the documented example', () => {
    expect(call('json_to_object', '{"info":{"firstName":"John","lastName": "Doe"}}')).toEqual({
      info: { firstName: 'John', lastName: 'Doe' },
    });
  });

  it('reads any JSON value, keeps parsed ones, and fails on what is not JSON', () => {
    expect(call('json_to_object', '[1, "a", null]')).toEqual([1, 'a', null]);
    expect(call('json_to_object', '"text"')).toBe('text');
    expect(call('json_to_object', { a: 1 })).toEqual({ a: 1 });
    expect(call('json_to_object', null)).toBeNull();
    fails('json_to_object', /json_to_object: STRING is not valid JSON/, '{"a":');
    fails('json_to_object', /json_to_object: STRING is not valid JSON/, '');
  });
});

describe('special operations', () => {
  it('uuid and guid take the run\'s UUID', () => {
    expect(call('uuid')).toBe('7c0267d2-bb74-4e1a-9275-3bf4fccda5f4');
    expect(call('guid')).toBe('7c0267d2-bb74-4e1a-9275-3bf4fccda5f4');
  });
});

describe('user agent functions', () => {
  it('computes the documented examples', () => {
    expect(call('ua_os_name', IPHONE)).toBe('iOS');
    expect(call('ua_os_version_major', IPHONE)).toBe('iOS 5');
    expect(call('ua_os_version', IPHONE)).toBe('5.1.1');
    expect(call('ua_os_name_version', IPHONE)).toBe('iOS 5.1.1');
    expect(call('ua_agent_version', IPHONE)).toBe('5.1');
    expect(call('ua_agent_version_major', IPHONE)).toBe('Safari 5');
    expect(call('ua_agent_name', IPHONE)).toBe('Safari');
    expect(call('ua_device_class', IPHONE)).toBe('Phone');
  });

  it('classifies other devices with the documented device classes', () => {
    const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    expect(call('ua_device_class', chrome)).toBe('Desktop');
    expect(call('ua_agent_version_major', chrome)).toBe('Chrome 120');
    const ipad = 'Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1';
    expect(call('ua_device_class', ipad)).toBe('Tablet');
    const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    expect(call('ua_device_class', googlebot)).toBe('Robot');
    const tv = 'Mozilla/5.0 (SMART-TV; Linux; Tizen 2.3) AppleWebKit/538.1 (KHTML, like Gecko) SamsungBrowser/1.0 TV Safari/538.1';
    expect(call('ua_device_class', tv)).toBe('TV');
    const ps4 = 'Mozilla/5.0 (PlayStation 4 3.11) AppleWebKit/537.73 (KHTML, like Gecko)';
    expect(call('ua_device_class', ps4)).toBe('Game Console');
  });

  it('answers Unknown and ?? for what cannot be told, and null for null', () => {
    expect(call('ua_os_name', 'garbage')).toBe('Unknown');
    expect(call('ua_os_version', 'garbage')).toBe('??');
    expect(call('ua_agent_version_major', 'garbage')).toBe('Unknown ??');
    expect(call('ua_device_class', '')).toBe('Unknown');
    expect(call('ua_device_class', null)).toBeNull();
    fails('ua_os_name', 'ua_os_name: USER_AGENT must be a string, got an array', ['x']);
  });
});

describe('through compiled expressions', () => {
  const row = { first: 'Ada', last: null, code: 'E259', zip: 123, ua: IPHONE, url: 'http://x.com/a/b.csv?id=7#top', payload: '{"a":[1,2]}' };
  const evaluate = (text: string): Value => {
    const compiled = compileExpression(text);
    if (!compiled.ok) throw new Error(compiled.problem.message);
    return compiled.expression.evaluate(row, context).value;
  };

  it.each<[string, Value]>([
    ['concat(first, " ", last)', 'Ada '],
    ['upper(substr(first, 0, 2))', 'AD'],
    ['explode("id1|id2", "\\\\|")', ['id1', 'id2']],
    ['lpad(zip, 5, "0")', '00123'],
    ['iif(matches_regex(code, "E\\\\d+"), "yes", "no")', 'yes'],
    ['instr("adobe.com", "com")', 6],
    ['get_url_query_str(url, "append")', { id: '7', _anchor_: 'top' }],
    ['get_url_path(url, false)', 'b.csv'],
    ['crc32("my text", "UTF-8")', '8df92e80'],
    ['json_to_object(payload).a', [1, 2]],
    ['ua_device_class(ua)', 'Phone'],
    ['lcase("HeLLo")', 'hello'],
  ])('%s', (text, expected) => {
    expect(evaluate(text)).toEqual(expected);
  });

  it('fails a row with the function\'s message', () => {
    expect(() => evaluate('substr(first, "x", 2)')).toThrow('substr: START_INDEX must be a whole number, got "x"');
  });
});
