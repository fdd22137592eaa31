import { describe, expect, it } from 'vitest';
import { parentsFirst, quote, type CatalogTable } from './postgres-catalog.js';

const table = (name: string, parents: string[] = []): CatalogTable => ({ name, columns: [], parents });

describe('parentsFirst', () => {
  it('puts every table after the tables its foreign keys point at, whatever the input order', () => {
    const tables = [table('key_usage', ['api_keys']), table('api_keys', ['orgs', 'projects']), table('projects', ['orgs']), table('orgs')];
    expect(parentsFirst(tables).map((t) => t.name)).toEqual(['orgs', 'projects', 'api_keys', 'key_usage']);
  });

  it('ignores parents outside the list (another schema) and keeps a cycle at the end rather than dropping it', () => {
    const tables = [table('a', ['b']), table('b', ['a']), table('c', ['elsewhere'])];
    expect(parentsFirst(tables).map((t) => t.name)).toEqual(['c', 'a', 'b']);
  });
});

describe('quote', () => {
  it('doubles quotes inside a name', () => {
    expect(quote('we"ird')).toBe('"we""ird"');
  });
});
