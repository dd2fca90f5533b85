// "Hashing" functions: the hash of the text's bytes in a CHARSET, as lowercase hex.
//
// The bytes are those of Java's String.getBytes(charset) (checked with jshell): "UTF-16" writes a byte-order
// mark FE FF and then big-endian units ("ab" is feff00610062; "" stays empty), a character a charset cannot
// hold becomes "?" (a whole emoji one "?" in ISO-8859-1), and a lone surrogate becomes "?" in UTF-8 and
// U+FFFD in UTF-16. The hex is that of Guava's HashCode: the page's crc32("my text", "UTF-8") is 8df92e80,
// while java.util.zip.CRC32 gives 0x802ef98d; Guava's Hashing.crc32() writes its four bytes least significant
// first, always eight digits. The other hashes are their digest bytes in order, as everywhere.

import { createHash } from 'node:crypto';
import type { ExpressionFunction, FunctionParam } from '../registry.js';
import { EvaluationError, type Value } from '../values.js';
import { textArg } from './strings.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Java's UTF-8 bytes of `text` (Buffer's own encoding would write U+FFFD for a lone surrogate, not "?"). */
export function javaUtf8(text: string): Buffer {
  return Buffer.from(text.replace(LONE_SURROGATE, '?'), 'utf8');
}

function utf16(text: string, littleEndian: boolean, byteOrderMark: boolean): Buffer {
  const units = Buffer.from(text.replace(LONE_SURROGATE, '\uFFFD'), 'utf16le');
  if (!littleEndian) units.swap16();
  return byteOrderMark && units.length > 0 ? Buffer.concat([Buffer.from([0xfe, 0xff]), units]) : units;
}

/** One byte per character up to `highest`; anything else (a whole code point) is "?". */
function singleByte(text: string, highest: number): Buffer {
  return Buffer.from(Array.from(text, (char) => {
    const codePoint = char.codePointAt(0) ?? 0;
    return codePoint <= highest ? codePoint : 0x3f;
  }));
}

/** The charsets by Java's canonical names; the page names the first four. */
const CHARSETS: Readonly<Record<string, (text: string) => Buffer>> = {
  'UTF-8': javaUtf8,
  'UTF-16': (text) => utf16(text, false, true),
  'ISO-8859-1': (text) => singleByte(text, 0xff),
  'US-ASCII': (text) => singleByte(text, 0x7f),
  'UTF-16BE': (text) => utf16(text, false, false),
  'UTF-16LE': (text) => utf16(text, true, false),
};

/** Java's Charset.forName is case-insensitive and knows aliases; these are the common ones. */
const ALIASES: Readonly<Record<string, string>> = {
  UTF8: 'UTF-8', UTF16: 'UTF-16', LATIN1: 'ISO-8859-1', ISO8859_1: 'ISO-8859-1', 'ISO8859-1': 'ISO-8859-1',
  ISO_8859_1: 'ISO-8859-1', 'ISO-LATIN-1': 'ISO-8859-1', ASCII: 'US-ASCII', 'US_ASCII': 'US-ASCII',
};

/** The bytes of INPUT in CHARSET (UTF-8 when left out or null, Java's usual default). */
function bytesOf(name: string, input: string, charset: Value | undefined): Buffer {
  const requested = textArg(name, 'CHARSET', charset) ?? 'UTF-8';
  const canonical = requested.trim().toUpperCase();
  const encode = CHARSETS[ALIASES[canonical] ?? canonical];
  if (!encode) {
    const supported = Object.keys(CHARSETS).join(', ');
    throw new EvaluationError(`${name}: unsupported CHARSET ${JSON.stringify(requested)}; use one of ${supported}`);
  }
  return encode(input);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc >>> 0;
});

/** CRC-32 (IEEE, java.util.zip.CRC32's), written as Guava's HashCode writes it: bytes least significant first. */
function crc32Hex(bytes: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE((crc ^ 0xffffffff) >>> 0);
  return checksum.toString('hex');
}

const params: readonly FunctionParam[] = [
  { name: 'INPUT', type: 'string', description: 'The plain text to be hashed.' },
  {
    name: 'CHARSET',
    type: 'string',
    description: 'The name of the character set. Possible values include UTF-8, UTF-16, ISO-8859-1, and US-ASCII.',
    optional: true,
  },
];

/** A hashing function: null INPUT gives null. */
function hashing(
  name: string,
  description: string,
  digest: (bytes: Buffer) => string,
  result: string,
): ExpressionFunction {
  return {
    name,
    category: 'Hashing',
    description,
    syntax: `${name}(INPUT, CHARSET)`,
    params,
    minArgs: 1,
    maxArgs: 2,
    example: `${name}("my text", "UTF-8")`,
    result,
    call: ([value, charset]) => {
      const input = textArg(name, 'INPUT', value);
      return input === null ? null : digest(bytesOf(name, input, charset));
    },
  };
}

const digestHex = (algorithm: string) => (bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

export const hashingFunctions: readonly ExpressionFunction[] = [
  hashing(
    'sha1',
    'Takes an input and produces a hash value using Secure Hash Algorithm 1 (SHA-1).',
    digestHex('sha1'),
    'c3599c11e47719df18a2448690840c5dfcce3c80',
  ),
  hashing(
    'sha256',
    'Takes an input and produces a hash value using Secure Hash Algorithm 256 (SHA-256).',
    digestHex('sha256'),
    '7330d2b39ca35eaf4cb95fc846c21ee6a39af698154a83a586ee270a0d372104',
  ),
  hashing(
    'sha512',
    'Takes an input and produces a hash value using Secure Hash Algorithm 512 (SHA-512).',
    digestHex('sha512'),
    'a3d7e45a0d9be5fd4e4b9a3b8c9c2163c21ef708bf11b4232bb21d2a8704ada2cdcd7b367dd0788a89a5c908cfe377aceb1072a7b386b7d4fd2ff68a8fd24d16',
  ),
  hashing('md5', 'Takes an input and produces a hash value using MD5.', digestHex('md5'), 'd3b96ce8c9fb4e9bd0198d03ba6852c7'),
  hashing(
    'crc32',
    'Takes an input uses a cyclic redundancy check (CRC) algorithm to produce a 32-bit cyclic code.',
    crc32Hex,
    '8df92e80',
  ),
];
