import { describe, expect, it } from 'vitest';
import { decodeKeyChange, encodeKeyChange, MAX_HASHES } from '../../src/redis/key-change-message.js';

const hash = (i: number): string => i.toString(16).padStart(64, '0');

describe('key change messages', () => {
  it('carry the sender and the changed hashes, and read back as sent', () => {
    const hashes = [hash(1), hash(2)];
    const message = encodeKeyChange('a1b2', hashes);
    expect(message).toBe(`a1b2 ${hashes.join(',')}`);
    expect(decodeKeyChange(message)).toEqual({ sender: 'a1b2', seq: null, hashes });
  });

  it('say "everything" for null and past the size bound', () => {
    expect(encodeKeyChange('s', null)).toBe('s *');
    expect(decodeKeyChange('s *')).toEqual({ sender: 's', seq: null, hashes: null });
    const many = Array.from({ length: MAX_HASHES + 1 }, (_, i) => hash(i));
    expect(encodeKeyChange('s', many)).toBe('s *');
    expect(encodeKeyChange('s', many.slice(0, MAX_HASHES))).not.toBe('s *');
  });

  it('read anything they cannot parse as "everything" (forgetting is always safe)', () => {
    for (const garbage of ['', 'nospace', 's ', 's not-a-hash', `s ${hash(1)},`, `s ${hash(1)} ${hash(2)}`, `s ${'z'.repeat(64)}`]) {
      expect(decodeKeyChange(garbage).hashes, garbage).toBeNull();
    }
  });

  it('carry a number after the sender, which an unnumbered (earlier) message lacks', () => {
    const message = encodeKeyChange('a1b2', [hash(3)], 42);
    expect(message).toBe(`a1b2:42 ${hash(3)}`);
    expect(decodeKeyChange(message)).toEqual({ sender: 'a1b2', seq: 42, hashes: [hash(3)] });
    expect(decodeKeyChange('a1b2:7 *')).toEqual({ sender: 'a1b2', seq: 7, hashes: null });
    for (const odd of ['a1b2:x *', 'a1b2:0 *', 'a1b2:-3 *', 'a1b2: *']) expect(decodeKeyChange(odd).seq, odd).toBeNull();
  });
});
