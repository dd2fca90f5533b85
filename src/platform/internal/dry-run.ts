// In dry-run mode writes are recorded, not sent, and return placeholder ids in the Platform's formats, so that
// a chain of creates can be planned end to end (the next request refers to the previous one's placeholder).
// Placeholders are all zeros but for a counter: easy to recognise, impossible to confuse with real ids.

let counter = 0;

function next(width: number): string {
  counter += 1;
  return String(counter).padStart(width, '0');
}

export function dryRunUuid(): string {
  return `00000000-0000-4000-8000-${next(12)}`;
}

export function dryRunCreated(): { id: string; etag: string } {
  return { id: dryRunUuid(), etag: '"dry-run"' };
}

/** 24 hex characters, like a Catalog dataset id. */
export function dryRunDatasetId(): string {
  return next(24);
}

/** 32 hex characters, like a mapping set id. */
export function dryRunMappingId(): string {
  return next(32);
}

/** 40 characters, like a Schema Registry descriptor `@id`. */
export function dryRunDescriptorId(): string {
  return next(40);
}
