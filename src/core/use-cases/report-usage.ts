import type { Deps, Principal } from '../context.js';
import { invalid } from '../errors.js';
import { VERIFY_CODES, type VerifyCode } from '../types.js';
import { requireRole } from './authenticate.js';

/** One line of a local verifier's report: `count` verifications of `keyId` answered `code`, the last at `at`. */
export interface UsageReportEntry {
  readonly keyId: string;
  readonly code: VerifyCode;
  readonly count: number;
  readonly at: string;
}

export const MAX_REPORT_ENTRIES = 1000;
export const MAX_REPORT_COUNT = 100_000_000;

/** Codes a local verifier can answer about a key it knows (unknown keys have no usage row). */
const REPORTABLE = new Set<VerifyCode>(VERIFY_CODES.filter((c) => c !== 'NOT_FOUND' && c !== 'MALFORMED'));

/**
 * Counts the verifications a local verifier answered from memory (POST /v1/keys/usage/report,
 * role keys:verify), through the same usage recorder as remote ones: they reach the usage
 * chart and `last_used_at` in its next flush. Only keys of the caller's org count; others are
 * ignored (reported back), never an error that would make the replica retry a batch forever.
 * A replica's clock ahead of the server's is clamped to now: usage is never dated in the future.
 */
export async function reportUsage(
  deps: Pick<Deps, 'store' | 'clock' | 'usage'>,
  principal: Principal,
  entries: readonly UsageReportEntry[],
): Promise<{ accepted: number; ignored: number }> {
  const p = requireRole(principal, 'keys:verify');
  if (entries.length > MAX_REPORT_ENTRIES) throw invalid('entries', `must hold at most ${MAX_REPORT_ENTRIES} entries`);
  const now = deps.clock.now();
  const dated = entries.map((e, i) => {
    if (!REPORTABLE.has(e.code)) throw invalid(`entries.${i}.code`, 'must be a code answered for a known key');
    if (!Number.isSafeInteger(e.count) || e.count < 1 || e.count > MAX_REPORT_COUNT)
      throw invalid(`entries.${i}.count`, `must be an integer from 1 to ${MAX_REPORT_COUNT}`);
    const ms = Date.parse(e.at);
    if (Number.isNaN(ms)) throw invalid(`entries.${i}.at`, 'must be a timestamp');
    return { ...e, at: new Date(Math.min(ms, now.getTime())) };
  });
  const known = new Map<string, boolean>();
  for (const id of new Set(dated.map((e) => e.keyId))) known.set(id, (await deps.store.findKey(p.orgId, id)) !== null);
  let accepted = 0;
  for (const e of dated) {
    if (!known.get(e.keyId)) continue;
    deps.usage.record(e.keyId, e.code, e.at, 0, e.count);
    accepted++;
  }
  return { accepted, ignored: dated.length - accepted };
}
