import type { paths } from './openapi.js';

/**
 * Wire types of the native API, taken from the generated OpenAPI types (openapi.d.ts) so they
 * cannot drift from what the server sends. Names follow DESIGN.md's contract.
 */
type Json<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: Record<S, { content: { 'application/json': infer B } }>;
}
  ? B
  : never;

type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type Org = Json<'/v1/orgs/{orgId}', 'get', 200>;
export type OrgCreated = Json<'/v1/orgs', 'post', 201>;
export type WhoAmI = Json<'/v1/whoami', 'get', 200>;
export type Project = Json<'/v1/projects/{projectId}', 'get', 200>;
export type Key = Json<'/v1/keys/{keyId}', 'get', 200>;
export type KeyWithSecret = Json<'/v1/keys/{keyId}/roll', 'post', 201>;
export type AuditEvent = Json<'/v1/audit', 'get', 200>['data'][number];
export type AuditAction = AuditEvent['action'];
export type UsageRow = Json<'/v1/keys/{keyId}/usage', 'get', 200>['data'][number];
export type VerifyCode = UsageRow['code'];
export type Verification = Json<'/v1/keys/verify', 'post', 200>;
export type ErrorBody = Json<'/v1/projects', 'get', 401>;
export type ErrorCode = ErrorBody['error']['code'];

export type CreateProjectInput = Body<'/v1/projects', 'post'>;
export type UpdateProjectInput = Body<'/v1/projects/{projectId}', 'patch'>;
export type CreateKeyInput = Body<'/v1/projects/{projectId}/keys', 'post'>;
export type CreateOrgKeyInput = Body<'/v1/org/keys', 'post'>;
export type UpdateKeyInput = Body<'/v1/keys/{keyId}', 'patch'>;
export type RateLimit = NonNullable<Key['rate_limit']>;

/** One page of a newest-first list. */
export interface Page<T> {
  readonly data: T[];
  readonly next_cursor: string | null;
}

export interface PageQuery {
  readonly limit?: number;
  readonly cursor?: string | null;
}

/** Keyward's own roles for org keys (src/core/roles.ts); `admin` implies every other one. */
export const ORG_ROLES = ['admin', 'projects:read', 'projects:write', 'keys:read', 'keys:write', 'keys:verify', 'audit:read'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** The audit actions the server records (src/core/types.ts), in the order a filter lists them. */
export const AUDIT_ACTIONS = [
  'key.create',
  'key.update',
  'key.roll',
  'key.revoke',
  'key.credits_set',
  'key.leaked',
  'key.import',
  'project.create',
  'project.update',
  'project.delete',
  'org.create',
  'org.update',
  'org.delete',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.rotate_secret',
] as const satisfies readonly AuditAction[];

/** Outcomes that count as a successful verification in charts. */
export const VALID_CODES: readonly VerifyCode[] = ['VALID'];

// Webhooks (issue 16). The event types the server sends (src/core/webhooks.ts): the OpenAPI
// document describes them as strings only, so the list for the form lives here.
export const WEBHOOK_EVENT_TYPES = [
  'key.created',
  'key.updated',
  'key.rolled',
  'key.revoked',
  'key.expired',
  'key.leaked',
  'key.rate_limited',
  'key.credits_low',
  'project.deleted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export type Webhook = Json<'/v1/webhooks/{webhookId}', 'get', 200>;
export type WebhookWithSecret = Json<'/v1/webhooks', 'post', 201>;
export type WebhookInput = Body<'/v1/webhooks/{webhookId}', 'patch'>;
export type WebhookDelivery = Json<'/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', 'post', 202>;

// Leaked keys and key import (issue 16).
export type OrgSettings = Json<'/v1/org', 'get', 200>;
export type LeakPolicy = OrgSettings['leak_policy'];
export type ImportAnswer = Json<'/v1/projects/{projectId}/keys/import', 'post', 200>;
