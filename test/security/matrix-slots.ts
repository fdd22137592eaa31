import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { DIALECT_KEY_FORMATS } from '../../src/core/dialect-key-formats.js';
import { ORG_KEY_FORMAT, PROJECT_KEY_FORMAT, ROOT_KEY_FORMAT, type KeyFormat } from '../../src/core/key-formats.js';
import type { Slot, Values } from './matrix-routes.js';
import type { MatrixWorld, Tenant, WorldKey } from './matrix-world.js';

/**
 * The values a route's slots take: the caller's own (fixtures of its org), every value that
 * belongs to another org, and a value that belongs to nobody ("missing"). A raw key's
 * missing twin is a freshly minted key of the same format, never stored, so a difference in
 * answers could only come from the key existing elsewhere.
 */
export interface Choice {
  /** What the value is, for failure messages (`bravo: project revoked`). */
  readonly label: string;
  readonly value: string | number;
  /** For key slots: the key's raw value (Basic's verify sends both). */
  readonly raw?: string;
}

const ALL_FORMATS: readonly KeyFormat[] = [ROOT_KEY_FORMAT, ORG_KEY_FORMAT, PROJECT_KEY_FORMAT, ...DIALECT_KEY_FORMATS];

export function formatOf(raw: string): KeyFormat {
  const format = ALL_FORMATS.find((f) => f.isWellFormed(raw));
  if (!format) throw new Error('a world key in no known format');
  return format;
}

const keyChoice = (owner: string, k: WorldKey, value: string | number = k.key.id): Choice => ({
  label: `${owner}: ${k.label}`,
  value,
  raw: k.raw,
});

/** Every value of `slot` belonging to `victim` (plus the root key and a deleted org, which are no caller's). */
export function foreignChoices(world: MatrixWorld, victim: Tenant, slot: Slot): Choice[] {
  const keys = [...victim.keys.map((k) => keyChoice(victim.name, k)), keyChoice('instance', world.root)];
  const dead = world.deletedOrg;
  switch (slot.kind) {
    case 'org':
      return [
        { label: `${victim.name}: org`, value: victim.id },
        { label: 'deleted org', value: dead.id },
      ];
    case 'orgName':
      return [
        { label: `${victim.name}: org name`, value: victim.name },
        { label: 'deleted org name', value: dead.name },
      ];
    case 'project':
      return [
        { label: `${victim.name}: project`, value: victim.project['id'] },
        { label: `${victim.name}: deleted project`, value: victim.deletedProject['id'] },
        { label: `${victim.name}: confident project`, value: victim.confidentProject['id'] },
        { label: 'deleted org: project', value: dead.project['id'] },
      ];
    case 'key':
      return keys;
    case 'seq':
      // Integer ids are key numbers counted per org: the victim's numbered keys, by their numbers.
      return [...victim.keys, world.root].flatMap((k) => (k.key.orgNumber === null ? [] : [keyChoice(victim.name, k, k.key.orgNumber)]));
    case 'rawKey':
      return [...keys, ...dead.keys.map((k) => keyChoice('deleted org', k))].map((c) => ({ ...c, value: c.raw! }));
    case 'targetId':
      return [
        { label: `${victim.name}: org`, value: victim.id },
        { label: `${victim.name}: project`, value: victim.project['id'] },
        { label: `${victim.name}: deleted project`, value: victim.deletedProject['id'] },
        ...keys,
      ];
    case 'webhook':
      return [
        { label: `${victim.name}: webhook`, value: victim.webhook['id'] },
        { label: 'deleted org: webhook', value: dead.webhook['id'] },
      ];
    case 'delivery':
      return [
        { label: `${victim.name}: delivery`, value: victim.deliveryId },
        { label: 'deleted org: delivery', value: dead.deliveryId },
      ];
  }
}

/** A value of the same kind (and, for keys, the same format) that exists nowhere. */
export function missingChoice(slot: Slot, like: Choice): Choice {
  const raw = like.raw !== undefined ? formatOf(like.raw).mint() : undefined;
  switch (slot.kind) {
    case 'orgName':
      return { label: 'missing', value: `no org ${randomBytes(4).toString('hex')}` };
    case 'seq':
      return { label: 'missing', value: 1_000_000_000 + randomInt(1_000_000), ...(raw ? { raw } : {}) };
    case 'rawKey':
      return { label: 'missing', value: raw! };
    default:
      return { label: 'missing', value: randomUUID(), ...(raw ? { raw } : {}) };
  }
}

/** The caller's own fixture for `slot`: what a legitimate request of its org names. */
export function ownChoice(own: Tenant, slot: Slot): Choice {
  const byOrigin = { native: 'project live', basic: 'basic', confident: 'confident', braintrust: 'braintrust' } as const;
  const k = own.key(byOrigin[slot.origin ?? 'native']);
  switch (slot.kind) {
    case 'org':
      return { label: 'own org', value: own.id };
    case 'orgName':
      return { label: 'own org name', value: own.name };
    case 'project':
      return { label: 'own project', value: own.project['id'] };
    case 'key':
      return keyChoice('own', k);
    case 'seq':
      return keyChoice('own', k, k.key.orgNumber!);
    case 'rawKey':
      return { label: 'own key', value: k.raw };
    case 'targetId':
      return { label: 'own project', value: own.project['id'] };
    case 'webhook':
      return { label: 'own webhook', value: own.webhook['id'] };
    case 'delivery':
      return { label: 'own delivery', value: own.deliveryId };
  }
}

/** Slot values for a request: `choices` by slot name, with each key's raw under `<name>:raw`. */
export function valuesOf(choices: Readonly<Record<string, Choice>>): Values {
  const out: Record<string, string | number> = {};
  for (const [name, c] of Object.entries(choices)) {
    out[name] = c.value;
    if (c.raw !== undefined) out[`${name}:raw`] = c.raw;
  }
  return out;
}
