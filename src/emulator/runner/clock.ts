// The emulator's clock. With `timeScale` N, emulator time runs N times faster than the base clock from the
// moment the emulator starts: emulator time = start + (base elapsed × N). A flow scheduled every 15 minutes
// then runs every second of real time at N = 900. The base clock is the `now` option when given (tests pass
// a fake one), else Date.now; N = 1 leaves it unchanged.

export interface ClockOptions {
  /** Epoch ms. */
  now?: (() => number) | undefined;
  /** How many emulator milliseconds pass per base millisecond; default 1. */
  timeScale?: number | undefined;
}

export function checkTimeScale(timeScale: number | undefined): number {
  const scale = timeScale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`timeScale must be a positive number, got ${String(timeScale)}`);
  return scale;
}

/** Epoch ms on the emulator's clock. */
export function emulatorClock(options: ClockOptions = {}): () => number {
  const base = options.now ?? Date.now;
  const scale = checkTimeScale(options.timeScale);
  if (scale === 1) return base;
  const start = base();
  return () => Math.floor(start + (base() - start) * scale);
}
