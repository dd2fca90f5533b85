// A flow's schedule (https://experienceleague.adobe.com/en/docs/experience-platform/sources/api-tutorials/collect/database-nosql): `scheduleParams` checked against the flow spec's scheduleSpec.
// The Platform accepts the seed tutorial's strings (`"startTime":"1612310466"`, `"interval":"15"`,
// `"backfill":"true"`) and echoes them back as sent, so values are coerced for the check only.

import type { EmulatorRequest } from '../../http-types.js';
import type { Json } from '../../records.js';
import { asNumber, validate } from './json-schema.js';
import { invalid, isObject } from './resource.js';
import type { FlowSpec } from './specs.js';

export function checkSchedule(request: EmulatorRequest, spec: FlowSpec, scheduleParams: unknown): void {
  if (scheduleParams === undefined) invalid(request, 'scheduleParams is required: {"startTime": <epoch seconds>, "frequency": "once|minute|hour|day|week", ...}');
  const problem = validate(scheduleParams, spec.scheduleSpec.spec, { coerce: true }, 'scheduleParams');
  if (problem) invalid(request, problem.message);
}

/** `startTime` in epoch seconds, whether it was sent as a number or a numeric string. */
export function startTimeOf(scheduleParams: unknown): number | undefined {
  return isObject(scheduleParams) ? asNumber(scheduleParams['startTime']) : undefined;
}

/** Once the scheduled start has passed, `startTime` is fixed (enabled or disabled flows alike). */
export function checkStartTimeChange(request: EmulatorRequest, before: unknown, after: unknown): void {
  const was = startTimeOf(before);
  const now = startTimeOf(after);
  if (was !== undefined && now !== was && was * 1000 <= request.now) {
    invalid(request, `scheduleParams.startTime cannot be changed: the flow's scheduled start (${was}) has already passed`);
  }
}

export function isOnce(flow: Json): boolean {
  return isObject(flow['scheduleParams']) && flow['scheduleParams']['frequency'] === 'once';
}
