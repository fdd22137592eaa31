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

/** The JSON body of an operation's success answer (200 or 201; undefined for a 204). */
export type ResponseBody<K extends OperationId> = operations[K]['responses'] extends infer R
  ? 200 extends keyof R
    ? JsonOf<R[200]>
    : 201 extends keyof R
      ? JsonOf<R[201]>
      : undefined
  : never;

/** The query string an operation takes. */
export type QueryOf<K extends OperationId> = NonNullable<operations[K]['parameters']['query']>;

export type Org = ResponseBody<'orgs.get'>;
export type CreatedOrg = ResponseBody<'orgs.create'>;
export type Project = ResponseBody<'projects.get'>;
/** A key without its secret. */
export type Key = ResponseBody<'keys.get'>;
/** A key with its raw secret in `key`: only the answer of a create or a roll. */
export type KeyWithSecret = ResponseBody<'keys.create'>;
export type Verification = ResponseBody<'keys.verify'>;
export type VerificationCode = Verification['code'];
export type Whoami = ResponseBody<'whoami.get'>;
export type AuditEvent = ResponseBody<'audit.list'>['data'][number];
export type Usage = ResponseBody<'usage.byKey'>;

export type CreateOrgBody = RequestBody<'orgs.create'>;
export type CreateProjectBody = RequestBody<'projects.create'>;
export type UpdateProjectBody = RequestBody<'projects.update'>;
export type CreateKeyBody = RequestBody<'keys.create'>;
export type CreateOrgKeyBody = RequestBody<'orgKeys.create'>;
export type UpdateKeyBody = RequestBody<'keys.update'>;
export type RollKeyBody = RequestBody<'keys.roll'>;
export type VerifyBody = RequestBody<'keys.verify'>;

export type OrgListQuery = QueryOf<'orgs.list'>;
export type ProjectListQuery = QueryOf<'projects.list'>;
export type KeyListQuery = QueryOf<'keys.list'>;
export type OrgKeyListQuery = QueryOf<'orgKeys.list'>;
export type AuditQuery = QueryOf<'audit.list'>;
export type UsageQuery = QueryOf<'usage.byKey'>;

/** One page of a list: `next_cursor` is null on the last one. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** One item of `POST /v1/keys/verify/batch`: the body of a single verify. */
export type VerifyBatchItem = VerifyBody;
