import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canGrant, hasRole, ORG_ROLES } from './roles.js';

const nonAdmin = ORG_ROLES.filter((r) => r !== 'admin');

describe('role policy', () => {
  it('admin implies every org role', () => {
    for (const r of ORG_ROLES) expect(hasRole(['admin'], r)).toBe(true);
  });

  it('an org key grants only org roles it holds (never admin unless admin)', () => {
    fc.assert(
      fc.property(fc.subarray(nonAdmin), fc.subarray([...ORG_ROLES]), (held, granted) => {
        expect(canGrant(held, 'org', granted)).toBe(granted.every((g) => (held as readonly string[]).includes(g)));
      }),
    );
    expect(canGrant(['keys:write'], 'org', ['admin'])).toBe(false);
    expect(canGrant(['admin'], 'org', ['admin', 'keys:read'])).toBe(true);
  });

  it('project roles are platform strings any key writer may set', () => {
    expect(canGrant(['keys:write'], 'project', ['ingest', 'admin'])).toBe(true);
  });
});
