import { randomFillSync } from 'node:crypto';

/** Two lower-case hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Random bytes taken 10 at a time; refilled from the CSPRNG when used up (as randomUUID does). */
const POOL = Buffer.alloc(10 * 256);
let taken = POOL.length;

/**
 * A UUID version 7 (RFC 9562 §5.7): the Unix time in milliseconds in the first 48 bits,
 * then 74 random bits. For the ids of keys and audit events, the rows written most: a
 * random (version 4) id puts every insert at a random place in the id's unique index, so
 * each commit writes one more index page per row and, once the index outgrows the page
 * cache, reads one too; time-ordered ids append to the same few pages. The time is only a
 * prefix for the index (the wall clock, not `Clock`: nothing reads it back) and says no
 * more than the `created_at` shown beside every id.
 */
export function uuidV7(ms: number = Date.now()): string {
  if (taken + 10 > POOL.length) {
    randomFillSync(POOL);
    taken = 0;
  }
  const r = taken;
  taken += 10;
  // 48 bits do not fit a 32-bit operator: the top 16 and the low 32, separately.
  const high = Math.floor(ms / 0x1_0000_0000);
  const low = ms >>> 0;
  return (
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    HEX[low >>> 24]! +
    HEX[(low >>> 16) & 0xff]! +
    '-' +
    HEX[(low >>> 8) & 0xff]! +
    HEX[low & 0xff]! +
    '-' +
    HEX[0x70 | (POOL[r]! & 0x0f)]! +
    HEX[POOL[r + 1]!]! +
    '-' +
    HEX[0x80 | (POOL[r + 2]! & 0x3f)]! +
    HEX[POOL[r + 3]!]! +
    '-' +
    HEX[POOL[r + 4]!]! +
    HEX[POOL[r + 5]!]! +
    HEX[POOL[r + 6]!]! +
    HEX[POOL[r + 7]!]! +
    HEX[POOL[r + 8]!]! +
    HEX[POOL[r + 9]!]!
  );
}
