// "URL" functions. A URL is read as java.net.URI reads it (RFC 2396/3986, checked with jshell), not as a
// browser's WHATWG URL does: nothing is normalised (the host keeps its case, "//home" stays in the path), any
// scheme is accepted (sftp, foo), and a URL with a space or another character URI refuses is invalid: the
// get_url_* readers then give null, as the page says. Paths and query parts are percent-decoded, as
// URI.getPath()/getQuery() give them.

import type { ExpressionFunction } from '../registry.js';
import { EvaluationError, type Value, type ValueObject } from '../values.js';
import { describeValue } from './arrays.js';
import { javaUtf8 } from './hashing.js';
import { booleanArg, textArg } from './strings.js';

interface ParsedUrl {
  scheme: string | null;
  /** null for a URL without `//authority` (mailto:a@b.c, a relative path) */
  host: string | null;
  port: number | null;
  path: string | null;
  query: string | null;
  fragment: string | null;
}

/** RFC 3986's own splitting expression (appendix B). */
const URL_PARTS = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
/** What java.net.URI refuses anywhere: controls, space, " < > \ ^ ` { | }, and a % not followed by two hex digits. */
const ILLEGAL = /[\u0000-\u0020"<>\\^`{|}\u007F]|%(?![0-9a-fA-F]{2})/;

/** The parts of `url`, or null when java.net.URI would refuse it. */
function parseUrl(url: string): ParsedUrl | null {
  if (ILLEGAL.test(url)) return null;
  const [, scheme, authority, path = '', query, fragment] = URL_PARTS.exec(url) ?? [];
  if (scheme !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme)) return null;
  if (fragment?.includes('#')) return null;
  let host: string | null = null;
  let port: number | null = null;
  if (authority !== undefined) {
    const server = /^(?:[^@]*@)?(\[[0-9A-Fa-f:.]+\]|[^:[\]]*)(?::(\d*))?$/.exec(authority);
    if (!server) return null;
    host = server[1] ?? '';
    port = server[2] ? Number(server[2]) : null;
  }
  const opaque = scheme !== undefined && authority === undefined && !path.startsWith('/');
  return {
    scheme: scheme ?? null, host, port, path: opaque ? null : path, query: query ?? null, fragment: fragment ?? null,
  };
}

/** The well-known ports of schemes, for a URL that does not say (the page: sftp's is 22). */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  ftp: 21, sftp: 22, ssh: 22, scp: 22, telnet: 23, smtp: 25, http: 80, ws: 80, ldap: 389, https: 443, wss: 443, ldaps: 636,
};

/** %XX sequences as UTF-8 text, as URI.getPath() decodes (a "+" stays a "+"; malformed bytes become U+FFFD). */
function percentDecode(text: string): string {
  const decodeRun = (escapes: string) => Buffer.from(escapes.replace(/%/g, ''), 'hex').toString('utf8');
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, decodeRun);
}

/** A reader of one part of the URL argument: null for null, for an invalid URL, or when the part is missing. */
function urlPart(name: string, read: (url: ParsedUrl, args: readonly Value[]) => Value) {
  return (args: readonly Value[]): Value => {
    const text = textArg(name, 'URL', args[0]);
    const url = text === null ? null : parseUrl(text);
    return url === null ? null : read(url, args);
  };
}

function port(url: ParsedUrl): Value {
  if (url.host === null) return null;
  return url.port ?? DEFAULT_PORTS[url.scheme?.toLowerCase() ?? ''] ?? null;
}

/** The path; with FULL_PATH false only its last segment (what follows the last "/"). */
function path(url: ParsedUrl, [, fullPath]: readonly Value[]): Value {
  const full = booleanArg('get_url_path', 'FULL_PATH', fullPath) ?? true;
  if (url.path === null) return null;
  const decoded = percentDecode(url.path);
  return full ? decoded : decoded.slice(decoded.lastIndexOf('/') + 1);
}

const ANCHOR_MODES = ['retain', 'remove', 'append'];

/**
 * The query as an object of name → value (the page's examples: "retain" leaves the anchor on the last value,
 * "ferret#nose"; "append" adds it as "_anchor_"). A name without "=" has the value ""; a repeated name keeps
 * its last value, as a Java Map does. A URL without a query gives null. ("keep" is taken for "retain": the
 * translated pages spell it so.)
 */
function queryString(url: ParsedUrl, [, anchor]: readonly Value[]): Value {
  const mode = textArg('get_url_query_str', 'ANCHOR', anchor)?.toLowerCase().replace(/^keep$/, 'retain');
  if (mode === undefined || !ANCHOR_MODES.includes(mode)) {
    const got = describeValue(anchor ?? null);
    throw new EvaluationError(`get_url_query_str: ANCHOR must be one of "retain", "remove" or "append", got ${got}`);
  }
  if (url.query === null) return null;
  const query = mode === 'retain' && url.fragment !== null ? `${url.query}#${url.fragment}` : url.query;
  const result: ValueObject = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = percentDecode(equals < 0 ? pair : pair.slice(0, equals));
    // defineProperty: a "__proto__" parameter is a key like any other.
    Object.defineProperty(result, key, {
      value: equals < 0 ? '' : percentDecode(pair.slice(equals + 1)),
      enumerable: true, writable: true, configurable: true,
    });
  }
  if (mode === 'append' && url.fragment !== null) result['_anchor_'] = url.fragment;
  return result;
}

/**
 * URLEncoder.encode(text, UTF-8), with a space as %20 rather than "+" and "*" as %2A: the page's table of
 * special characters encodes both so, and everything else it lists as URLEncoder does. Letters, digits and
 * ". - _" stay.
 */
function encode([value]: readonly Value[]): Value {
  const text = textArg('get_url_encoded', 'URL', value);
  if (text === null) return null;
  let encoded = '';
  for (const byte of javaUtf8(text)) {
    const char = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9._-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/** URLDecoder.decode(text, UTF-8): "+" is a space; a "%" without two hex digits fails, as URLDecoder throws. */
function decode([value]: readonly Value[]): Value {
  const text = textArg('get_url_decoded', 'URL', value);
  if (text === null) return null;
  const bad = /%(?![0-9a-fA-F]{2})/.exec(text);
  if (bad) {
    throw new EvaluationError(`get_url_decoded: malformed escape at index ${bad.index} of ${JSON.stringify(text)}`);
  }
  return percentDecode(text.replace(/\+/g, ' '));
}

const urlParam = (description: string) => ({ name: 'URL', type: 'string', description });

export const urlFunctions: readonly ExpressionFunction[] = [
  {
    name: 'get_url_protocol',
    category: 'URL',
    description: 'Returns the protocol from the given URL. If the input is invalid, it returns null.',
    syntax: 'get_url_protocol(URL)',
    params: [urlParam('The URL from which the protocol needs to be extracted.')],
    minArgs: 1,
    maxArgs: 1,
    example: 'get_url_protocol("https://platform.adobe.com/home")',
    result: 'https',
    call: urlPart('get_url_protocol', (url) => url.scheme),
  },
  {
    name: 'get_url_host',
    category: 'URL',
    description: 'Returns the host of the given URL. If the input is invalid, it returns null.',
    syntax: 'get_url_host(URL)',
    params: [urlParam('The URL from which the host needs to be extracted.')],
    minArgs: 1,
    maxArgs: 1,
    example: 'get_url_host("https://platform.adobe.com/home")',
    result: 'platform.adobe.com',
    call: urlPart('get_url_host', (url) => url.host || null),
  },
  {
    name: 'get_url_port',
    category: 'URL',
    description: 'Returns the port of the given URL. If the input is invalid, it returns null.',
    syntax: 'get_url_port(URL)',
    params: [urlParam('The URL from which the port needs to be extracted.')],
    minArgs: 1,
    maxArgs: 1,
    example: 'get_url_port("sftp://example.com//home/joe/employee.csv")',
    result: '22',
    call: urlPart('get_url_port', port),
  },
  {
    name: 'get_url_path',
    category: 'URL',
    description: 'Returns the path of the given URL. By default, the full path is returned.',
    syntax: 'get_url_path(URL, FULL_PATH)',
    params: [
      urlParam('The URL from which the path needs to be extracted.'),
      {
        name: 'FULL_PATH',
        type: 'boolean',
        description: 'A boolean value that determines if the full path is returned. If set to false, only the end of the path is returned.',
        optional: true,
      },
    ],
    minArgs: 1,
    maxArgs: 2,
    example: 'get_url_path("sftp://example.com//home/joe/employee.csv")',
    result: '"//home/joe/employee.csv"',
    call: urlPart('get_url_path', path),
  },
  {
    name: 'get_url_query_str',
    category: 'URL',
    description: 'Returns the query string of a given URL as a map of query string name and query string value.',
    syntax: 'get_url_query_str(URL, ANCHOR)',
    params: [
      urlParam('The URL that you are trying to get the query string from.'),
      {
        name: 'ANCHOR',
        type: 'string',
        description:
          'Determines what will be done with the anchor in the query string. Can be one of three values: "retain", "remove", or "append". If the value is "retain", the anchor will be attached to the returned value. If the value is "remove", the anchor will be removed from the returned value. If the value is "append", the anchor will be returned as a separate value.',
      },
    ],
    minArgs: 2,
    maxArgs: 2,
    example: 'get_url_query_str("foo://example.com:8042/over/there?name=ferret#nose", "retain")',
    result: '{"name": "ferret#nose"}',
    call: urlPart('get_url_query_str', queryString),
  },
  {
    name: 'get_url_encoded',
    category: 'URL',
    description:
      'This function takes a URL as input and replaces or encodes the special characters with ASCII characters.',
    syntax: 'get_url_encoded(URL)',
    params: [urlParam('The input URL with special characters that you want to replace or encode with ASCII characters.')],
    minArgs: 1,
    maxArgs: 1,
    example: 'get_url_encoded("https://example.com/partneralliance_asia-pacific_2022")',
    result: 'https%3A%2F%2Fexample.com%2Fpartneralliance_asia-pacific_2022',
    call: encode,
  },
  {
    name: 'get_url_decoded',
    category: 'URL',
    description: 'This function takes a URL as input and decodes the ASCII characters into special characters.',
    syntax: 'get_url_decoded(URL)',
    params: [urlParam('The input URL with ASCII characters that you want to decode into special characters.')],
    minArgs: 1,
    maxArgs: 1,
    example: 'get_url_decoded("https%3A%2F%2Fexample.com%2Fpartneralliance_asia-pacific_2022")',
    result: 'https://example.com/partneralliance_asia-pacific_2022',
    call: decode,
  },
];
