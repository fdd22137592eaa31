import { CliError, JSON_FLAG, type Command } from '../command.js';

export const copyCommand: Command = {
  name: 'copy',
  summary: 'copy a SQLite database into an empty PostgreSQL database, in one transaction',
  details:
    'Copies every Keyward table (orgs, projects, keys with their hashes, audit, usage, instance secrets, …)\n' +
    'from --from into --to, which must hold no data: a new database, or a new schema with ?schema=NAME.\n' +
    'Both are migrated to this version first. One line per table goes to stderr; the row counts of every\n' +
    'table are compared before the commit. On any failure nothing is written, so it can simply be run again.\n' +
    'Stop the servers writing to the SQLite file first: later writes are not copied. Keys keep working after\n' +
    'the move only with the same KEYWARD_PEPPER (or none) on the new servers.',
  flags: {
    from: { type: 'string', value: 'sqlite:PATH', required: true, description: 'the SQLite database to copy, e.g. sqlite:./keyward.db' },
    to: { type: 'string', value: 'postgres://…', required: true, description: 'the empty PostgreSQL database (optionally ?schema=NAME)' },
    ...JSON_FLAG,
  },
  async run({ flags }) {
    // Imported on use, like every database module: see local-database.ts.
    const { copyDatabase, CopyRefused } = await import('../../store/copy-database.js');
    const started = Date.now();
    let lap = started;
    const seconds = (): string => {
      const now = Date.now();
      const text = ((now - lap) / 1000).toFixed(1);
      lap = now;
      return text;
    };
    const result = await copyDatabase(flags.string('from') ?? '', flags.string('to') ?? '', {
      onTable: ({ table, rows }) => process.stderr.write(`copied ${table}: ${rows} rows (${seconds()} s)\n`),
      onSkipped: (table) => process.stderr.write(`skipped ${table}: SQLite only (the PostgreSQL schema has no such table)\n`),
    }).catch((err: unknown) => {
      throw err instanceof CopyRefused ? new CliError(err.message, 'COPY_REFUSED') : err;
    });
    const total = result.tables.reduce((n, t) => n + t.rows, 0);
    if (flags.boolean('json')) {
      const summary = { tables: result.tables, skipped: result.skipped, rows: total, ms: Date.now() - started };
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      process.stdout.write(`Copied ${total} rows in ${result.tables.length} tables; every table's row count matches.\n`);
    }
    return 0;
  },
};
