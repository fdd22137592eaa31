import { randomBytes } from 'node:crypto';
import type { Caller } from './matrix-callers.js';
import type { MatrixRoute } from './matrix-routes.js';
import type { Choice } from './matrix-slots.js';
import type { Credential, MatrixWorld, Tenant } from './matrix-world.js';

/**
 * Fresh resources of the caller's own org for one request that should succeed (and may
 * delete or revoke what it names): a new project, and a key of the route's surface inside
 * it. A Braintrust key is only visible to its creator, so it is minted as the caller's own
 * identity (the same user, with keys:write for the minting).
 */
export async function freshChoices(w: MatrixWorld, own: Tenant, route: MatrixRoute, caller: Caller): Promise<Record<string, Choice>> {
  const out: Record<string, Choice> = {};
  let projectId: string | null = null;
  const project = async (): Promise<string> => (projectId ??= (await w.project(own))['id'] as string);
  let webhookId: string | null = null;
  const webhook = async (): Promise<string> => (webhookId ??= await freshWebhook(w, own));
  for (const [name, slot] of Object.entries(route.slots)) {
    switch (slot.kind) {
      case 'org':
        out[name] = { label: 'own org', value: own.id };
        break;
      case 'orgName':
        out[name] = { label: 'own org name', value: own.name };
        break;
      case 'targetId':
        out[name] = { label: 'own project', value: own.project['id'] };
        break;
      case 'project':
        out[name] = { label: 'fresh project', value: await project() };
        break;
      case 'rawKey': {
        const b = await w.expect(
          'native',
          own.adminKey,
          { method: 'POST', url: `/v1/projects/${await project()}/keys`, body: { name: 'fresh' } },
          201,
        );
        out[name] = { label: 'fresh key', value: b['key'] };
        break;
      }
      case 'key':
      case 'seq': {
        const raw = await mintFor(w, own, slot.origin ?? 'native', await project(), caller);
        const key = await w.stored(raw);
        out[name] = { label: `fresh ${slot.origin ?? 'native'} key`, value: slot.kind === 'seq' ? key.orgNumber! : key.id, raw };
        break;
      }
      case 'webhook':
        out[name] = { label: 'fresh webhook', value: await webhook() };
        break;
      case 'delivery': {
        // A key minted after the webhook was made queues a key.created delivery to it.
        const id = await webhook();
        await mintFor(w, own, 'native', await project(), caller);
        const page = await w.expect('native', own.adminKey, { method: 'GET', url: `/v1/webhooks/${id}/deliveries?limit=1` }, 200);
        out[name] = { label: 'fresh delivery', value: page['data'][0].id };
        break;
      }
    }
  }
  return out;
}

async function freshWebhook(w: MatrixWorld, own: Tenant): Promise<string> {
  const body = { url: 'https://hooks.example.com/fresh', events: ['key.created'] };
  return (await w.expect('native', own.adminKey, { method: 'POST', url: '/v1/webhooks', body }, 201))['webhook'].id;
}

async function mintFor(w: MatrixWorld, own: Tenant, origin: string, projectId: string, caller: Caller): Promise<string> {
  const admin = own.adminKey;
  switch (origin) {
    case 'basic':
      return (
        await w.expect(
          'basic',
          admin,
          { method: 'POST', url: `/compat/basic/project/${projectId}/key`, body: { label: 'fresh', roles: 'read' } },
          200,
        )
      )['key'].value;
    case 'confident':
      return (
        await w.expect(
          'confident',
          admin,
          { method: 'POST', url: `/compat/confident/v1/projects/${projectId}/api-keys`, body: { name: 'fresh' } },
          200,
        )
      )['data'].apiKey.value;
    case 'braintrust': {
      if (caller.cred.kind !== 'user') throw new Error('a Braintrust key route needs a user caller to own the key');
      const minter: Credential = { ...caller.cred, roles: ['keys:write'] };
      return (await w.expect('braintrust', minter, { method: 'POST', url: '/compat/braintrust/v1/api_key', body: { name: 'fresh' } }, 200))[
        'key'
      ];
    }
    default:
      return (await w.expect('native', admin, { method: 'POST', url: `/v1/projects/${projectId}/keys`, body: { name: 'fresh' } }, 201))[
        'key'
      ];
  }
}

/**
 * A caller holding exactly `roles` in `own`: an org key minted for it (cached per role set),
 * or for routes on Braintrust keys, a user (a fresh subject) with exactly those roles.
 */
export class RoleCallers {
  readonly #keys = new Map<string, string>();
  constructor(
    readonly w: MatrixWorld,
    readonly own: Tenant,
  ) {}

  async key(roles: readonly string[]): Promise<Caller> {
    const id = [...roles].sort().join(',');
    let raw = this.#keys.get(id);
    if (!raw) {
      raw = (await this.w.orgKey(this.own, roles)).raw;
      this.#keys.set(id, raw);
    }
    return { cred: { kind: 'key', label: `key holding [${id}]`, raw }, kind: 'org', roles };
  }

  user(roles: readonly string[]): Caller {
    const sub = `user-${randomBytes(4).toString('hex')}`;
    return { cred: { kind: 'user', label: `user holding [${roles.join(',')}]`, sub, orgId: this.own.id, roles }, kind: 'org', roles };
  }

  /** The caller a route's success is proven with. */
  async forRoute(route: MatrixRoute, roles: readonly string[]): Promise<Caller> {
    const ownsKeys = Object.values(route.slots).some((s) => s.origin === 'braintrust');
    return ownsKeys ? this.user(roles) : this.key(roles);
  }
}
