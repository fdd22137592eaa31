import { createQueryId, type Compilable, type CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Engine } from '../engine-handle.js';
import type { QueryContext } from './query-context.js';
import type { Database } from './tables.js';

/**
 * Stands for a parameter while the query is built. Typed `never` so that it fits any
 * column; at run time it is a marker string that `compile()` turns into a bound parameter.
 */
type Placeholder = (name: string) => never;

interface Template<Row> {
  readonly engine: Engine;
  /** The parameter names, in the order the caller's object listed them. */
  readonly names: readonly string[];
  readonly compiled: CompiledQuery<Row>;
  /** Per bound parameter: the caller's name for it, or null for a constant the query itself holds. */
  readonly slotNames: ReadonlyArray<string | null>;
}

const MARK = '\u0000keyward-param:';

/**
 * A query whose SQL text does not depend on its values, compiled once per engine (and
 * per set of names) and then run with fresh parameters. Kysely otherwise rebuilds and
 * recompiles the SQL on every call, which for a twenty-column insert costs more than
 * SQLite takes to run it; the hot paths (verification's lookup by hash, key creation)
 * go through this. Not for queries with optional clauses or lists.
 */
export class PreparedQuery<Row> {
  readonly #build: (db: Kysely<Database>, param: Placeholder, names: readonly string[]) => Compilable<Row>;
  readonly #templates = new Map<string, Template<Row>>();
  /** The template used last: nearly every call passes the same names again. */
  #last: Template<Row> | null = null;

  constructor(build: (db: Kysely<Database>, param: Placeholder, names: readonly string[]) => Compilable<Row>) {
    this.#build = build;
  }

  async execute(q: QueryContext, params: Readonly<Record<string, unknown>>): Promise<Row[]> {
    return (await this.run(q, params)).rows;
  }

  /** Like `execute`, with the whole result: `insertId` is what an INSERT without RETURNING gives back. */
  run(q: QueryContext, params: Readonly<Record<string, unknown>>): Promise<QueryResult<Row>> {
    const last = this.#last;
    const template =
      last !== null && last.engine === q.adapter.engine && hasNames(params, last.names) ? last : this.#templateFor(q, params);
    const { compiled, slotNames } = template;
    const parameters: unknown[] = new Array(slotNames.length);
    for (let i = 0; i < slotNames.length; i++) {
      const name = slotNames[i];
      parameters[i] = name === null ? compiled.parameters[i] : params[name as string];
    }
    return q.db.executeQuery<Row>({ sql: compiled.sql, query: compiled.query, parameters, queryId: createQueryId() });
  }

  #templateFor(q: QueryContext, params: Readonly<Record<string, unknown>>): Template<Row> {
    const names = Object.keys(params);
    const key = `${q.adapter.engine}|${names.join(',')}`;
    let template = this.#templates.get(key);
    if (!template) {
      const compiled = this.#build(q.db, ((name: string) => `${MARK}${name}`) as Placeholder, names).compile();
      const slotNames = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? p.slice(MARK.length) : null));
      template = { engine: q.adapter.engine, names, compiled, slotNames };
      this.#templates.set(key, template);
    }
    this.#last = template;
    return template;
  }
}

/** Whether `params` has exactly `names`, in that order (what decides the SQL text). */
function hasNames(params: Readonly<Record<string, unknown>>, names: readonly string[]): boolean {
  let i = 0;
  for (const name in params) {
    if (names[i] !== name) return false;
    i++;
  }
  return i === names.length;
}
