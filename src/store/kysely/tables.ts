import type { ColumnType } from 'kysely';

/**
 * Row types of the tables, as the query code sees them. Where the engines return
 * different JS values for one column (SQLite: text and 0/1; PostgreSQL: Date, jsonb,
 * boolean, bigint-as-string), the select type is the union and `ValueCodec` turns it
 * into the domain value; writes always go through the codec too.
 */

/** `seq`: SQLite rowid (number); PostgreSQL bigint identity (string, to lose no precision). */
export type Seq = ColumnType<number | string | bigint, never, never>;
/** ISO 8601 text in SQLite, timestamptz (a Date) in PostgreSQL. */
export type Timestamp = ColumnType<string | Date, string, string>;
export type NullableTimestamp = ColumnType<string | Date | null, string | null, string | null>;
/** JSON text in SQLite, jsonb (already parsed) in PostgreSQL; written as JSON text in both. */
export type Json = ColumnType<unknown, string, string>;
export type NullableJson = ColumnType<unknown, string | null, string | null>;
/** 0/1 in SQLite, boolean in PostgreSQL. */
export type Bool = ColumnType<number | boolean, number | boolean, number | boolean>;
/** integer in SQLite, bigint (string) in PostgreSQL. */
export type Count = ColumnType<number | string | bigint, number, number>;
/** A key's number in its org: integer in SQLite, bigint (string) in PostgreSQL; set once, at insert. */
export type KeyNumber = ColumnType<number | string | bigint | null, number | null, never>;

export interface OrgsTable {
  seq: Seq;
  id: string;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
  /** Migration 0011: `revoke` | `disable` | `notify`. */
  leak_policy: ColumnType<string, string | undefined, string>;
}

export interface ProjectsTable {
  seq: Seq;
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  key_prefix: string | null;
  max_keys_per_owner: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface ApiKeysTable {
  seq: Seq;
  id: string;
  kind: string;
  org_id: string | null;
  project_id: string | null;
  name: string;
  roles: Json;
  hash: string;
  preview: string;
  enabled: Bool;
  metadata: Json;
  rate_limit: NullableJson;
  created_by_type: string;
  created_by_id: string;
  owner: NullableJson;
  origin: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  org_number: KeyNumber;
  /** The key whose roles this one's derive from (migration 0006); null for most keys. */
  maker_id: string | null;
  owner_id: string | null;
  /** Credits (migration 0009): the balance (null: unlimited) and its refill; see core/credits.ts. */
  credits_remaining: CreditCount;
  credits_refill_amount: CreditCount;
  credits_refill_interval: string | null;
  credits_refill_day: number | null;
  credits_refill_at: NullableTimestamp;
  allowed_ips: NullableJson;
  /** When `key.expired` was queued (migration 0010). */
  expiry_announced_at?: NullableTimestamp;
  /** The instance-wide change number of the key's last verification-relevant write (migration 0012). */
  change_seq: ColumnType<number | string | bigint, never, never>;
  /** Migration 0011: brought in by the import call; written only for imported keys (default false). */
  imported: ColumnType<number | boolean, number | boolean | undefined, number | boolean>;
  import_ref: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A credit count: integer in SQLite, bigint (string) in PostgreSQL; null where a key has none. */
export type CreditCount = ColumnType<number | string | bigint | null, number | null, number | null>;

/** The last key number each org handed out (migration 0004). */
export interface KeyNumbersTable {
  org_id: string;
  last_number: Count;
}

export interface AuditEventsTable {
  seq: Seq;
  id: string;
  org_id: string | null;
  actor_type: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  created_at: Timestamp;
  request_id: string | null;
  ip: string | null;
  changes: NullableJson;
  details: NullableJson;
}

export interface KeyUsageTable {
  key_id: string;
  /** UTC day `YYYY-MM-DD`, text in both engines so it sorts and compares as written. */
  day: string;
  code: string;
  count: Count;
  /** Credits spent (migration 0009). */
  spent: ColumnType<number | string | bigint, number | undefined, number>;
}

export interface Database {
  orgs: OrgsTable;
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  key_numbers: KeyNumbersTable;
  audit_events: AuditEventsTable;
  key_usage: KeyUsageTable;
  instance_secrets: InstanceSecretsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

/** An org's webhook endpoints (migration 0010); `events` is `,type,type,` text. */
export interface WebhooksTable {
  seq: Seq;
  id: string;
  org_id: string;
  url: string;
  description: string | null;
  events: string;
  enabled: Bool;
  secret_sealed: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The outbox: one row per (event, subscribed webhook). */
export interface WebhookDeliveriesTable {
  seq: Seq;
  id: string;
  webhook_id: string;
  org_id: string;
  event_id: string;
  event_type: string;
  actor_type: string;
  actor_id: string;
  target_type: string;
  target_id: string;
  occurred_at: Timestamp;
  status: string;
  attempts: number;
  next_attempt_at: Timestamp;
  retry_from: Timestamp;
  lease_until: NullableTimestamp;
  last_attempt_at: NullableTimestamp;
  response_status: number | null;
}

export interface WebhookAttemptsTable {
  seq: Seq;
  delivery_id: string;
  attempted_at: Timestamp;
  outcome: string;
  latency_ms: number;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
}

/** Secrets of the database itself (migration 0007): `list_cursor` seals list cursors. */
export interface InstanceSecretsTable {
  name: string;
  /** base64url */
  value: string;
}
