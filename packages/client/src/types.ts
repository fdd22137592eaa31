import type { operations } from './generated/openapi.js';

/**
 * Names for the wire shapes, taken from the types generated out of the server's own
 * /openapi.json (./generated/openapi.d.ts), so a field the server adds or changes shows here
 * without anyone retyping it.
 */
export type OperationId = keyof operations;

type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;

/** The JSON body an operation takes. */
export type RequestBody<K extends OperationId> = operations[K] extends { requestBody?: infer R } ? JsonOf<NonNullable<R>> : never;

/** The JSON body of an operation's success answer (200, 201 or 202; undefined for a 204). */
export type ResponseBody<K extends OperationId> = operations[K]['responses'] extends infer R
  ? 200 extends keyof R
    ? JsonOf<R[200]>
    : 201 extends keyof R
      ? JsonOf<R[201]>
      : 202 extends keyof R
        ? JsonOf<R[202]>
        : undefined
  : never;

/** Read-only all the way down (arrays included). */
export type Frozen<T> = T extends readonly (infer U)[]
  ? readonly Frozen<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

/** The query string an operation takes. */
export type QueryOf<K extends OperationId> = NonNullable<operations[K]['parameters']['query']>;

export type Org = ResponseBody<'orgs.get'>;
/** The caller's own org with its settings (GET /v1/org). */
export type OrgSettings = ResponseBody<'org.get'>;
export type LeakPolicy = OrgSettings['leak_policy'];
export type CreatedOrg = ResponseBody<'orgs.create'>;
export type Project = ResponseBody<'projects.get'>;
/** A key without its secret. */
export type Key = ResponseBody<'keys.get'>;
/** A key with its raw secret in `key`: only the answer of a create or a roll. */
export type KeyWithSecret = ResponseBody<'keys.create'>;
/**
 * The answer of a verification, from the server (POST /v1/keys/verify) or from a local
 * verifier's memory alike. Read-only: a local verifier shares one frozen answer between
 * calls. Only `valid` and `code` are always present (an unknown key answers those alone).
 */
export type Verification = Frozen<ResponseBody<'keys.verify'>>;
export type VerificationCode = Verification['code'];
export type Whoami = ResponseBody<'whoami.get'>;
export type AuditEvent = ResponseBody<'audit.list'>['data'][number];
export type Usage = ResponseBody<'usage.byKey'>;
export type VerifyBatchResult = Frozen<ResponseBody<'keys.verifyBatch'>>;
export type UsageReportResult = ResponseBody<'keys.reportUsage'>;
export type Webhook = ResponseBody<'webhooks.get'>;
/** A webhook with its signing secret in `secret`: only the answer of a create or a secret rotation. */
export type WebhookWithSecret = ResponseBody<'webhooks.create'>;
export type WebhookDelivery = ResponseBody<'webhooks.redeliver'>;
/** One result per imported key, in order: its new id, or why it was refused. */
export type ImportKeysResult = ResponseBody<'keys.import'>;
/** `true_positive` (a live Keyward key, acted on by its org's leak policy) or `false_positive` per key, in order. */
export type LeakedKeysResult = ResponseBody<'keys.leaked'>;

export type CreateOrgBody = RequestBody<'orgs.create'>;
export type CreateProjectBody = RequestBody<'projects.create'>;
export type UpdateProjectBody = RequestBody<'projects.update'>;
export type CreateKeyBody = RequestBody<'keys.create'>;
export type CreateOrgKeyBody = RequestBody<'orgKeys.create'>;
export type UpdateKeyBody = RequestBody<'keys.update'>;
export type RollKeyBody = RequestBody<'keys.roll'>;
export type VerifyBody = RequestBody<'keys.verify'>;
export type VerifyBatchBody = RequestBody<'keys.verifyBatch'>;
/** One item of `POST /v1/keys/verify/batch`: the body of a single verify. */
export type VerifyBatchItem = VerifyBatchBody['items'][number];
export type UsageReportBody = RequestBody<'keys.reportUsage'>;
/** One count of `POST /v1/keys/usage/report`: verifications of one key with one code. */
export type UsageReportEntry = UsageReportBody['entries'][number];
export type UpdateOrgBody = RequestBody<'org.update'>;
export type ImportKeysBody = RequestBody<'keys.import'>;
/** One key of an import: raw (`key`) or as a digest (`hash`). */
export type ImportKeyItem = ImportKeysBody['keys'][number];
export type LeakedKeysBody = RequestBody<'keys.leaked'>;
export type CreateWebhookBody = RequestBody<'webhooks.create'>;
export type UpdateWebhookBody = RequestBody<'webhooks.update'>;

export type OrgListQuery = QueryOf<'orgs.list'>;
export type ProjectListQuery = QueryOf<'projects.list'>;
export type KeyListQuery = QueryOf<'keys.list'>;
export type OrgKeyListQuery = QueryOf<'orgKeys.list'>;
export type AuditQuery = QueryOf<'audit.list'>;
export type UsageQuery = QueryOf<'usage.byKey'>;
export type WebhookListQuery = QueryOf<'webhooks.list'>;
export type DeliveryListQuery = QueryOf<'webhooks.deliveries'>;

/** One page of a list: `next_cursor` is null on the last one. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
