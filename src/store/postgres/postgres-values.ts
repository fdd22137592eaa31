import type { ValueCodec } from '../kysely/value-codec.js';

/**
 * PostgreSQL has the real types: boolean, timestamptz (pg returns a Date) and jsonb
 * (pg returns it parsed). Instants are sent as ISO text, which timestamptz parses;
 * JSON is sent as text because pg would turn a JS array into a PostgreSQL array.
 */
export const postgresValues: ValueCodec = {
  writeBool: (value) => value,
  readBool: (value) => value === true || value === 1,
  writeTime: (iso) => new Date(iso).toISOString(),
  readTime: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  readJson: (value) => value,
};
