import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { QueryContext } from './query-context.js';
import type { Database } from './tables.js';

/**
 * Stands for a parameter while the query is built. Typed `never` so that it fits any
 * column; at run time it is a marker string that `compile()` turns into a bound parameter.
 */
type Placeholder = (name: string) => never;

type Slot = { readonly name: string } | { readonly value: unknown };

interface Template<Row> {
  readonly compiled: CompiledQuery<Row>;
  readonly slots: readonly Slot[];
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

  constructor(build: (db: Kysely<Database>, param: Placeholder, names: readonly string[]) => Compilable<Row>) {
    this.#build = build;
  }

  async execute(q: QueryContext, params: Readonly<Record<string, unknown>>): Promise<Row[]> {
    const names = Object.keys(params);
    const key = `${q.engine}|${names.join(',')}`;
    let template = this.#templates.get(key);
    if (!template) {
      template = this.#compile(q.db, names);
      this.#templates.set(key, template);
    }
    const parameters = template.slots.map((slot) => ('name' in slot ? params[slot.name] : slot.value));
    const result = await q.db.executeQuery<Row>({ ...template.compiled, parameters, queryId: createQueryId() });
    return result.rows;
  }

  #compile(db: Kysely<Database>, names: readonly string[]): Template<Row> {
    const compiled = this.#build(db, ((name: string) => `${MARK}${name}`) as Placeholder, names).compile();
    const slots = compiled.parameters.map((p): Slot =>
      typeof p === 'string' && p.startsWith(MARK) ? { name: p.slice(MARK.length) } : { value: p },
    );
    return { compiled, slots };
  }
}
