// The values Data Prep expressions compute with. Data Prep runs on the JVM, so its values are Java values;
// these are their JavaScript stand-ins:
//
//   null              Java null (a missing column, a SQL NULL)
//   string            String
//   number            Integer, Long, Double, BigDecimal (JSON cannot tell them apart either)
//   boolean           Boolean
//   DateTime          ZonedDateTime: an instant plus the zone it is shown in
//   Value[]           arrays and lists
//   ValueObject       objects and maps (plain objects, keys in insertion order)

/** A point in time in a zone: Java's ZonedDateTime. Immutable. */
export class DateTime {
  /**
   * @param epochMs milliseconds since 1970-01-01T00:00:00Z
   * @param zone an IANA zone id (`America/Los_Angeles`), `UTC`, or a fixed offset (`+02:00`)
   * @param nanos the nanoseconds within the millisecond (0–999 999), kept for make_date_time
   */
  constructor(
    readonly epochMs: number,
    readonly zone: string = 'UTC',
    readonly nanos: number = 0,
  ) {}

  /** As a JavaScript Date (the instant; the zone is dropped). */
  toDate(): Date {
    return new Date(this.epochMs);
  }
}

export type Value = null | string | number | boolean | DateTime | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

export const isObject = (value: Value): value is ValueObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof DateTime);

/**
 * A failure while evaluating (a bad argument, an unparsable date): the row fails with this message, as the
 * Platform's mapper reports it. Thrown by functions; the evaluator adds which expression it was.
 */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/**
 * A column value as a database reader (or a preview request) gives it, as a Value:
 *
 *   bigint              a number when it is a safe integer, else its decimal text (no precision is lost)
 *   Date                its ISO-8601 UTC text, as a table preview shows it (see below); an invalid Date is null
 *   Buffer, Uint8Array  base64 text: what the database reader already makes of binary columns
 *                       (databases/values.ts), so that an expression sees one value whichever path the row took
 *   arrays, objects     converted element by element (JSON columns may arrive parsed)
 *   undefined           null
 */
export function fromRowValue(raw: unknown): Value {
  switch (typeof raw) {
    case 'string':
    case 'number':
    case 'boolean':
      return raw;
    case 'bigint':
      return raw >= BigInt(Number.MIN_SAFE_INTEGER) && raw <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(raw) : raw.toString();
    case 'undefined':
      return null;
    case 'object':
      return fromRowObject(raw);
    default:
      return String(raw);
  }
}

function fromRowObject(raw: object | null): Value {
  if (raw === null || raw instanceof DateTime) return raw;
  // A timestamp column is the ISO-8601 text a preview of the table shows (`explore … preview=true` answers JSON),
  // not a date object: so an expression sees the same value in a run as in a mapping preview, and the two agree
  // row for row. Date functions read that text (date(), date_part(), format() …).
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
  if (Array.isArray(raw)) return raw.map(fromRowValue);
  const out: ValueObject = {};
  for (const [key, value] of Object.entries(raw)) out[key] = fromRowValue(value);
  return out;
}

/**
 * A Value as the XDM converter (runner/convert.ts) takes it: DateTime becomes a JavaScript Date (the instant;
 * the converter writes date-times in UTC), inside arrays and objects too; everything else is already JSON.
 */
export function toFieldValue(value: Value): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof DateTime) return value.toDate();
  if (Array.isArray(value)) return value.map(toFieldValue);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = toFieldValue(item);
  return out;
}
