import type { KeywardError } from '../../core/errors.js';

/**
 * The one place that knows how each engine reports a constraint violation:
 * PostgreSQL by SQLSTATE (23505 unique, 23503 foreign key), better-sqlite3 by its
 * extended result code (SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY / _FOREIGNKEY).
 */
const UNIQUE_CODES: ReadonlySet<unknown> = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const FOREIGN_KEY_CODES: ReadonlySet<unknown> = new Set(['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY']);

const codeOf = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;

export const isUniqueViolation = (err: unknown): boolean => UNIQUE_CODES.has(codeOf(err));
export const isForeignKeyViolation = (err: unknown): boolean => FOREIGN_KEY_CODES.has(codeOf(err));

/**
 * Runs a write and turns the foreseeable constraint violations into domain errors, so
 * callers see `CONFLICT` / `NOT_FOUND` and never a raw driver error. Others pass through.
 */
export async function translateViolations<T>(
  write: Promise<T>,
  errors: { unique: () => KeywardError; foreignKey?: () => KeywardError },
): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (isUniqueViolation(err)) throw errors.unique();
    if (errors.foreignKey && isForeignKeyViolation(err)) throw errors.foreignKey();
    throw err;
  }
}
