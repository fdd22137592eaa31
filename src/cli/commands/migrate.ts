import type { Command } from '../command.js';
import { appliedLine, loadLocalConfig } from '../local-database.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations (serve does this too)',
  details: 'Uses KEYWARD_DATABASE_URL (default sqlite:./keyward.db).',
  flags: {},
  async run({ env }) {
    const config = await loadLocalConfig(env);
    // Imported on use, like every database module: see local-database.ts.
    const { migrateDatabase } = await import('../../store/open-store.js');
    const applied = await migrateDatabase(config.databaseUrl);
    const text = applied.length === 0 ? 'The schema is up to date.' : appliedLine(applied);
    process.stdout.write(`${text}\n`);
    return 0;
  },
};
