import type { Migration, MigrationProvider } from 'kysely';
import type { EngineMigration, MigrationEngine } from './migration-engine.js';
import * as initialSchema from './0001-initial-schema.js';
import * as keyChangeSignals from './0002-key-change-signals.js';
import * as cheaperKeyChangeSignals from './0003-cheaper-key-change-signals.js';
import * as perOrgKeyNumbers from './0004-per-org-key-numbers.js';
import * as oneLiveRootKey from './0005-one-live-root-key.js';
import * as keyMakers from './0006-key-makers.js';
import * as listCursorSecret from './0007-list-cursor-secret.js';
import * as keyOwnersAndPrefixes from './0008-key-owners-and-prefixes.js';
import * as creditsAndIpAllowlists from './0009-credits-and-ip-allowlists.js';
import * as webhooks from './0010-webhooks.js';
import * as leaksAndImports from './0011-leaks-and-imports.js';
import * as keyChangeSequence from './0012-key-change-sequence.js';
import * as numberedKeyChangeSignals from './0013-numbered-key-change-signals.js';
import * as perOrgChangeOrder from './0014-per-org-change-order.js';
import * as webhookDeliveryRetention from './0015-webhook-delivery-retention.js';

/**
 * Every migration, by name, in order. Listed in code rather than read from the folder
 * so that the same list works from `src/` (tests, tsx) and `dist/` (the built CLI).
 * Names sort in the order they must run; append, never rename.
 */
const MIGRATIONS: Readonly<Record<string, EngineMigration>> = {
  '0001-initial-schema': initialSchema,
  '0002-key-change-signals': keyChangeSignals,
  '0003-cheaper-key-change-signals': cheaperKeyChangeSignals,
  '0004-per-org-key-numbers': perOrgKeyNumbers,
  '0005-one-live-root-key': oneLiveRootKey,
  '0006-key-makers': keyMakers,
  '0007-list-cursor-secret': listCursorSecret,
  '0008-key-owners-and-prefixes': keyOwnersAndPrefixes,
  '0009-credits-and-ip-allowlists': creditsAndIpAllowlists,
  '0010-webhooks': webhooks,
  '0011-leaks-and-imports': leaksAndImports,
  '0012-key-change-sequence': keyChangeSequence,
  '0013-numbered-key-change-signals': numberedKeyChangeSignals,
  '0014-per-org-change-order': perOrgChangeOrder,
  '0015-webhook-delivery-retention': webhookDeliveryRetention,
};

export function migrationProvider(engine: MigrationEngine): MigrationProvider {
  const bound: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(MIGRATIONS)) {
    const down = m.down;
    bound[name] = { up: (db) => m.up(db, engine), ...(down ? { down: (db) => down(db, engine) } : {}) };
  }
  return { getMigrations: async () => bound };
}
