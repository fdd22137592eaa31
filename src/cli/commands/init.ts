import { KeywardError } from '../../core/errors.js';
import { CliError, JSON_FLAG, UsageError, type Command } from '../command.js';
import { openLocalDatabase, setUpIfEmpty } from '../local-database.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'set up an empty database without serving: the root key, an org and its admin key',
  details:
    'Uses KEYWARD_DATABASE_URL (default sqlite:./keyward.db) and applies pending migrations first.\n' +
    'The keys are printed once, on stdout. On a database that is already set up, init refuses and exits 1.\n' +
    'For deployments, run `keyward init --json` once before `keyward serve` and keep the keys from its\n' +
    'output: serve then prints none, so no key reaches a log store.',
  flags: {
    org: { type: 'string', value: 'NAME', description: 'name of the first organization (default "default")' },
    ...JSON_FLAG,
  },
  async run({ flags, env }) {
    const { deps } = await openLocalDatabase(env);
    try {
      const setUp = await setUpIfEmpty(deps, flags.string('org')).catch((err: unknown) => {
        // The org name is the only input: a rule it breaks is a bad flag value (exit 2).
        throw err instanceof KeywardError && err.code === 'VALIDATION' ? new UsageError(`--org: ${err.message}`) : err;
      });
      if (!setUp) {
        throw new CliError(
          'this database is already set up; init makes the root key only once (lost a key? see keyward root-key rotate, keyward admin-key create)',
          'ALREADY_SET_UP',
        );
      }
      const text = flags.boolean('json')
        ? JSON.stringify({ root_key: setUp.rootKey, org_id: setUp.orgId, admin_key: setUp.adminKey }, null, 2)
        : [
            `Root key: ${setUp.rootKey}`,
            `Org id: ${setUp.orgId}`,
            `Admin key: ${setUp.adminKey}`,
            'These keys will not be shown again: copy them now.',
          ].join('\n');
      process.stdout.write(`${text}\n`);
      return 0;
    } finally {
      await deps.store.close();
    }
  },
};
