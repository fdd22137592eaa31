import { createAdminKeyAsOperator, NotSetUpError, rotateRootKey } from '../../core/use-cases/operator-recovery.js';
import { CliError, JSON_FLAG, type CommandGroup, type CommandInput } from '../command.js';
import { openExistingDatabase, type ExistingDatabase } from '../local-database.js';

/**
 * The operator's way back from a lost key. Like `init`, these open the database named by
 * KEYWARD_DATABASE_URL directly (no server, no key): whoever can open it already holds
 * every key's hash and the pepper, so they gain nothing they could not take.
 */

const DATABASE_NOTE =
  'Opens KEYWARD_DATABASE_URL (default sqlite:./keyward.db) directly, like init. It refuses a database\n' +
  'that is not set up, and never creates one: a SQLite file that does not exist is an error.';

/** Runs `work` on the existing database and closes it; a database without a root key is a plain refusal. */
async function onExistingDatabase<T>(env: CommandInput['env'], work: (deps: ExistingDatabase) => Promise<T>): Promise<T> {
  const deps = await openExistingDatabase(env);
  try {
    return await work(deps);
  } catch (err) {
    if (err instanceof NotSetUpError) {
      throw new CliError(`${err.message}: check KEYWARD_DATABASE_URL, or set up a new instance with \`keyward init\``, 'NOT_SET_UP');
    }
    throw err;
  } finally {
    await deps.store.close();
  }
}

const print = (text: string): number => {
  process.stdout.write(`${text}\n`);
  return 0;
};

export const adminKeyGroup: CommandGroup = {
  name: 'admin-key',
  summary: 'mint a new admin key for an existing org (local: for a lost admin key)',
  commands: [
    {
      name: 'admin-key create',
      summary: 'mint a new admin key for an existing org; printed once',
      details: [
        DATABASE_NOTE,
        'The org keeps its other keys: revoke a lost one with the new key (keyward keys revoke).',
        'The audit log records a key.create by operator:cli. With --json, prints {"org_id", "key_id", "admin_key"}.',
      ].join('\n'),
      flags: {
        org: { type: 'string', value: 'ID|NAME', required: true, description: 'the org, by id or by its name' },
        ...JSON_FLAG,
      },
      run: ({ flags, env }) =>
        onExistingDatabase(env, async (deps) => {
          const minted = await createAdminKeyAsOperator(deps, flags.string('org') ?? '');
          if (flags.boolean('json')) {
            return print(JSON.stringify({ org_id: minted.orgId, key_id: minted.keyId, admin_key: minted.adminKey }, null, 2));
          }
          return print(
            [
              `Org id: ${minted.orgId}`,
              `Key id: ${minted.keyId}`,
              `Admin key: ${minted.adminKey}`,
              'This key will not be shown again: copy it now.',
            ].join('\n'),
          );
        }),
    },
  ],
};

export const rootKeyGroup: CommandGroup = {
  name: 'root-key',
  summary: 'replace the root key (local: for a lost or leaked root key)',
  commands: [
    {
      name: 'root-key rotate',
      summary: 'mint a new root key and revoke every previous one; printed once',
      details: [
        DATABASE_NOTE,
        'The previous root key stops working at once on this database; running servers drop it from',
        'their caches through the change signals (within KEYWARD_CACHE_TTL_MS when only Redis carries them).',
        'The audit log records a key.create and a key.revoke for each old key, by operator:cli.',
        'With --json, prints {"key_id", "root_key", "revoked_key_ids"}.',
      ].join('\n'),
      flags: { ...JSON_FLAG },
      run: ({ flags, env }) =>
        onExistingDatabase(env, async (deps) => {
          const rotated = await rotateRootKey(deps);
          if (flags.boolean('json')) {
            return print(
              JSON.stringify({ key_id: rotated.keyId, root_key: rotated.rootKey, revoked_key_ids: rotated.revokedKeyIds }, null, 2),
            );
          }
          return print(
            [
              `Root key: ${rotated.rootKey}`,
              `Key id: ${rotated.keyId}`,
              `Revoked: ${rotated.revokedKeyIds.join(', ') || '-'}`,
              'This key will not be shown again: copy it now.',
            ].join('\n'),
          );
        }),
    },
  ],
};
