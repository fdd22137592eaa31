/**
 * Where the store lives, parsed from KEYWARD_DATABASE_URL:
 *   sqlite:<path>                      a file (created if missing, in a folder that must exist), e.g. `sqlite:./keyward.db`
 *   sqlite::memory:                    a private in-memory database (tests)
 *   postgres://… or postgresql://…     a server; `?schema=<name>` keeps Keyward in that schema
 */
export type DatabaseLocation =
  | { readonly engine: 'sqlite'; readonly path: string }
  | { readonly engine: 'postgres'; readonly connectionString: string; readonly schema: string | null };

/** A plain identifier: safe to put in search_path and quotes without escaping. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const EXPECTED = 'expected sqlite:<path>, sqlite::memory: or postgres://user@host:port/database';

export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    // `sqlite:///abs/path` (URL style) and `sqlite:/abs/path` mean the same file.
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new Error(`invalid database URL "sqlite:": no file path; ${EXPECTED}`);
    return { engine: 'sqlite', path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`invalid database URL: not a valid postgres:// URL; ${EXPECTED}`);
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
      throw new Error('invalid database URL: no host in the postgres:// URL');
    }
    const schema = parsed.searchParams.get('schema');
    if (schema !== null && !SCHEMA_NAME.test(schema)) {
      throw new Error('invalid database URL: schema must be letters, digits and _ (not starting with a digit), at most 63');
    }
    // pg would pass an unknown parameter on to the server; the schema is Keyward's own.
    parsed.searchParams.delete('schema');
    return { engine: 'postgres', connectionString: parsed.toString(), schema };
  }
  // Never echo the URL: it may hold a password.
  throw new Error(`invalid database URL: unknown scheme; ${EXPECTED}`);
}
