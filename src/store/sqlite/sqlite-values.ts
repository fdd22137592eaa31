import type { ValueCodec } from '../kysely/value-codec.js';

/**
 * SQLite has no boolean or timestamp type (and better-sqlite3 cannot bind a boolean):
 * booleans are 0/1, instants are ISO 8601 text. Every instant is rewritten in the one
 * `toISOString()` shape (UTC, milliseconds, `Z`) so that comparing the text in SQL
 * (`revoked_at > ?`) orders like the instants themselves.
 */
export const sqliteValues: ValueCodec = {
  writeBool: (value) => (value ? 1 : 0),
  readBool: (value) => value === 1 || value === true,
  writeTime: (iso) => new Date(iso).toISOString(),
  readTime: (value) => (typeof value === 'string' ? value : value.toISOString()),
  readJson: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
};
