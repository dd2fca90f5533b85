// The registry's `Accept` rules (https://experienceleague.adobe.com/en/docs/experience-platform/xdm/api/getting-started). A GET says which representation it wants:
//   lists      application/vnd.adobe.xed-id+json | xed+json                        no version allowed (XDM-1006-400)
//   lookups    application/vnd.adobe.xed[-full|-notext|-full-notext|-full-desc]+json; version=1   (XDM-1007-400)
//   descriptor lists  application/vnd.adobe.xdm[-v2][-id|-link]+json              (XDM-1008-400)
//   descriptor lookups  no Accept needed; a versioned `xed` one is refused          (XDM-1009-400)
// `xdm` may be written for `xed`. No Accept at all, or a media type that is not the registry's, is 406.

import { fail, registryError } from '../../errors.js';
import type { EmulatorRequest } from '../../http-types.js';
import { header, notAcceptable } from './common.js';

export type LookupView = 'raw' | 'full' | 'notext' | 'full-notext' | 'full-desc';
export type ListView = 'id' | 'full';
export type DescriptorListView = { format: 'id' | 'link' | 'full'; paged: boolean };

interface Parsed {
  raw: string;
  family: 'xed' | 'xdm';
  /** What follows `xed`/`xdm`: '', 'id', 'full', 'full-notext', 'v2-id', … */
  variant: string;
  version: string | undefined;
}

const MEDIA = /^application\/vnd\.adobe\.(xed|xdm)(?:-([a-z0-9-]+))?\+json$/i;
const LOOKUP_VIEWS: Record<string, LookupView> = { '': 'raw', full: 'full', notext: 'notext', 'full-notext': 'full-notext', 'full-desc': 'full-desc' };

/** The first registry media range of the header; `missing` when there is no header; `unknown` when none is the registry's. */
function parse(request: EmulatorRequest): Parsed | 'missing' | 'unknown' {
  const value = header(request, 'accept');
  // Clients that set nothing send `*/*` (fetch, curl): the registry reads that as no Accept at all.
  if (value === undefined || value === '*/*') return 'missing';
  for (const range of value.split(',')) {
    const [media = '', ...params] = range.split(';').map((s) => s.trim());
    const match = MEDIA.exec(media);
    if (!match) continue;
    let version: string | undefined;
    for (const param of params) {
      const [name = '', v = ''] = param.split('=').map((s) => s.trim());
      if (name.toLowerCase() === 'version') version = v;
    }
    return { raw: value, family: (match[1] ?? 'xed').toLowerCase() as 'xed' | 'xdm', variant: (match[2] ?? '').toLowerCase(), version };
  }
  return 'unknown';
}

const REQUIRED = 'Accept header parameter is required';
const unknownMedia = (raw: string, expected: string) => notAcceptable(`The supplied Accept header is not valid: ${raw} - A valid Accept value should look like ${expected}`);

/** The representation a lookup asks for, and the major version it names. */
export function lookupAccept(request: EmulatorRequest): { view: LookupView; major: number } {
  const parsed = parse(request);
  const expected = "application/vnd.adobe.'{xed|xdm'}+json; version=1";
  if (parsed === 'missing') return fail(notAcceptable(REQUIRED));
  if (parsed === 'unknown') return fail(unknownMedia(header(request, 'accept') ?? '', expected));
  const view = LOOKUP_VIEWS[parsed.variant];
  if (view === undefined) return fail(notAcceptable(`The Accept format ${parsed.raw} is not available for a lookup; use one of xed, xed-full, xed-notext, xed-full-notext, xed-full-desc with a version`));
  if (parsed.version === undefined || !/^\d+(\.\d+)?$/.test(parsed.version)) {
    return fail(registryError('1007-400', 'Accept header invalid', `The supplied Accept header is not valid: ${parsed.raw} - A valid Accept value should look like ${expected} (Version should be specified)`, request.requestId));
  }
  return { view, major: Number(parsed.version.split('.')[0]) };
}

/** The representation a list asks for: ids and titles, or whole resources. */
export function listAccept(request: EmulatorRequest): ListView {
  const parsed = parse(request);
  const expected = "application/vnd.adobe.'{xed|xdm'}+json";
  if (parsed === 'missing') return fail(notAcceptable(REQUIRED));
  if (parsed === 'unknown') return fail(unknownMedia(header(request, 'accept') ?? '', 'application/vnd.adobe.xed-id+json'));
  if (parsed.version !== undefined) {
    return fail(registryError('1006-400', 'Accept header invalid', `The supplied Accept header is not valid: ${parsed.raw} - A valid Accept value should look like ${expected}`, request.requestId));
  }
  if (parsed.variant === 'id') return 'id';
  if (parsed.variant === '') return 'full';
  return fail(notAcceptable(`The Accept format ${parsed.raw} is not available for a list; use application/vnd.adobe.xed-id+json or application/vnd.adobe.xed+json`));
}

/** Descriptor lists: `xdm-id` (ids), `xdm-link` (paths), `xdm` (objects), each optionally `-v2` (paged). */
export function descriptorListAccept(request: EmulatorRequest): DescriptorListView {
  const parsed = parse(request);
  if (parsed === 'missing') return fail(notAcceptable(REQUIRED));
  if (parsed === 'unknown') return fail(unknownMedia(header(request, 'accept') ?? '', 'application/vnd.adobe.xdm-id+json'));
  const match = /^(v2)?-?(id|link)?$/.exec(parsed.variant);
  if (parsed.family !== 'xdm' || parsed.version !== undefined || !match) {
    return fail(
      registryError('1008-400', 'Accept header invalid', `The supplied Accept header is not valid: ${parsed.raw} - A valid Accept value should look like application/vnd.adobe.xdm-id+json`, request.requestId),
    );
  }
  const format = match[2] === 'id' ? 'id' : match[2] === 'link' ? 'link' : 'full';
  return { format, paged: match[1] === 'v2' };
}

/** Descriptor lookups are not versioned: any Accept but a registry `xed` one will do. */
export function descriptorLookupAccept(request: EmulatorRequest): void {
  const parsed = parse(request);
  if (typeof parsed === 'string' || parsed.family === 'xdm') return;
  fail(registryError('1009-400', 'Accept header invalid', `The supplied Accept header is not valid: ${parsed.raw} - A valid Accept value should look like application/vnd.adobe.xdm+json`, request.requestId));
}
