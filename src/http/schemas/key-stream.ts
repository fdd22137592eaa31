import { Type, type Static } from 'typebox';
import type { KeyChange } from '../../core/store.js';
import { MAX_REPORT_COUNT, MAX_REPORT_ENTRIES } from '../../core/use-cases/report-usage.js';
import { VERIFY_CODES } from '../../core/types.js';
import { JsonObject, Nullable, Timestamp, Uuid, described } from './common.js';

export const KeyStreamQuery = Type.Object({
  project_id: Type.Optional(Uuid),
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'The last `seq` the replica holds: resume after it' })),
  epoch: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The `epoch` of the stream being resumed' })),
  heartbeat_ms: Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000, default: 5000, description: 'Heartbeat period' })),
});

/** One key as a replica holds it: everything a verification answers, and how to recognise it. */
export const StreamedKey = Type.Object({
  id: Uuid,
  kind: Type.String(),
  project_id: Nullable(Uuid),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  metadata: JsonObject,
  expires_at: Nullable(Timestamp),
  revoked_at: Nullable(Timestamp),
  owner_id: Nullable(Type.String()),
  lookup: Nullable(
    Type.String({ description: 'base64url HMAC-SHA-256(lookup_key, SHA-256 hex of the key), 16 bytes; null with a pepper' }),
  ),
  remote: Type.Boolean({ description: 'A usable key of this record is verified remotely (rate limit, credits or IP allowlist)' }),
  seq: Type.Integer(),
});

/** The stream's lines (NDJSON), described for the OpenAPI document; see docs/LOCAL-VERIFIER.md. */
export const KeyStreamLine = described(
  Type.Union([
    Type.Object({
      type: Type.Literal('hello'),
      org_id: Uuid,
      project_id: Nullable(Uuid),
      epoch: Type.String(),
      local: Type.Boolean(),
      lookup_key: Nullable(Type.String()),
      reset: Type.Boolean(),
      seq: Type.Integer(),
      heartbeat_ms: Type.Integer(),
    }),
    Type.Object({ type: Type.Literal('keys'), seq: Type.Integer(), keys: Type.Array(StreamedKey) }),
    Type.Object({ type: Type.Literal('synced'), seq: Type.Integer() }),
    Type.Object({ type: Type.Literal('heartbeat'), seq: Type.Integer() }),
  ]),
  'application/x-ndjson: one JSON object per line: hello, then keys batches (a snapshot, then every change), synced once caught up, heartbeats',
);

export function streamedKeyToWire(k: KeyChange, lookup: string | null, remote: boolean): Static<typeof StreamedKey> {
  return {
    id: k.id,
    kind: k.kind,
    project_id: k.projectId,
    name: k.name,
    roles: k.roles as string[],
    enabled: k.enabled,
    metadata: k.metadata as Record<string, unknown>,
    expires_at: k.expiresAt,
    revoked_at: k.revokedAt,
    owner_id: k.ownerId,
    lookup,
    remote,
    seq: k.changeSeq,
  };
}

export const UsageReportBody = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          key_id: Uuid,
          code: Type.Enum([...VERIFY_CODES]),
          count: Type.Integer({ minimum: 1, maximum: MAX_REPORT_COUNT }),
          at: described(Timestamp, 'The latest of these verifications'),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_REPORT_ENTRIES },
    ),
  },
  { additionalProperties: false },
);

export const UsageReportResult = described(
  Type.Object({ accepted: Type.Integer(), ignored: Type.Integer({ description: 'Entries of keys not in your org' }) }),
  'Counted in the next usage flush',
);
