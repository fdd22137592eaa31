/**
 * The few values the two engines store differently. Each engine folder provides one;
 * the shared query and mapping code never asks which engine it runs on.
 * Writes must produce what the engine's driver can bind; reads must return domain values
 * (timestamps always as `toISOString()` strings: UTC, milliseconds, `Z`).
 */
export interface ValueCodec {
  writeBool(value: boolean): number | boolean;
  readBool(value: number | boolean): boolean;
  /** Normalizes an instant so that SQL comparisons agree with time order. */
  writeTime(iso: string): string;
  readTime(value: string | Date): string;
  readJson(value: unknown): unknown;
}
