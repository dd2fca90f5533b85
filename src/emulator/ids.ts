// Identifiers in the Platform's formats (as the API references show them, e.g. https://developer.adobe.com/experience-platform-apis/references/flow-service/): UUIDs for Flow Service, etags with literal
// quotes, 24-hex dataset ids, 32-hex mapping ids, schema `$id` URIs, 40-hex descriptor ids, ULID batch ids.

import { randomBytes, randomUUID } from 'node:crypto';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export const newUuid = (): string => randomUUID();

/** `"1a0037e4-0000-0200-0000-602e06f60000"`, quotes included, as the Platform sends it. */
export const newEtag = (): string => `"${hex(4)}-0000-0200-0000-${hex(4)}0000"`;

export const newDatasetId = (): string => hex(12);
export const newMappingId = (): string => hex(16);
export const newDescriptorId = (): string => hex(20);
export const newRegistryHex = (): string => hex(24);

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 26 characters: 48-bit time then 80 random bits, Crockford base32 (a ULID). */
export function newUlid(now: number): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = randomBytes(16);
  let rest = '';
  for (let i = 0; i < 16; i++) rest += CROCKFORD[(random[i] ?? 0) % 32];
  return time + rest;
}
