// Misbehaving on purpose, for reliability tests: latency, a per-client rate limit, and faults drawn from a
// seeded generator so that a failing test can be replayed exactly.

import type { Random } from './random.js';

export const FAULT_KINDS = ['429', '500', '503', 'reset', 'timeout', 'commit-then-500'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Latency {
  ms: number;
  jitter: number;
}

/** `100` or `100:20` (100 ± 20 ms). */
export function parseLatency(value: string): Latency | undefined {
  const match = /^(\d+)(?::(\d+))?$/.exec(value.trim());
  if (!match) return undefined;
  const ms = Number(match[1]);
  const jitter = Number(match[2] ?? 0);
  return jitter > ms ? undefined : { ms, jitter };
}

export function latencyMs(latency: Latency | undefined, random: Random): number {
  if (!latency || latency.ms === 0) return 0;
  return Math.max(0, Math.round(latency.ms + (random() * 2 - 1) * latency.jitter));
}

/** `429,500,reset` → kinds; undefined if one is unknown. */
export function parseFaults(value: string): FaultKind[] | undefined {
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  if (kinds.length === 0 || kinds.some((k) => !(FAULT_KINDS as readonly string[]).includes(k))) return undefined;
  return kinds as FaultKind[];
}

export class FaultInjector {
  constructor(
    private readonly rate: number,
    private readonly kinds: readonly FaultKind[],
    private readonly random: Random,
  ) {}

  /** The fault to inflict on this request, if any. */
  draw(): FaultKind | undefined {
    if (this.rate <= 0 || this.kinds.length === 0) return undefined;
    if (this.random() >= this.rate) return undefined;
    return this.kinds[Math.floor(this.random() * this.kinds.length)] ?? this.kinds[0];
  }
}

/**
 * N requests per second per client, as a token bucket holding at most N: short bursts pass, a sustained rate
 * above N gets 429 with the seconds to wait in Retry-After.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perSecond: number) {}

  /** 0 if the request may pass now, else the milliseconds until it could. */
  take(client: string, now: number): number {
    const bucket = this.buckets.get(client) ?? { tokens: this.perSecond, at: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000);
  }
}
