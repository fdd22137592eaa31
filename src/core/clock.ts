/** Time is a dependency, so tests move it instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const isoNow = (clock: Clock): string => clock.now().toISOString();

/** True when an optional instant has been reached (null never has). */
export const hasPassed = (instant: string | null, now: Date): boolean => instant !== null && Date.parse(instant) <= now.getTime();
