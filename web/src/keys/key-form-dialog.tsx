import { useId, useState, type FormEvent } from 'react';
import type { Key, KeyWithSecret, UpdateKeyInput } from '../api/types.js';
import { ORG_ROLES } from '../api/types.js';
import { useSession } from '../app/session-context.js';
import { Dialog } from '../components/dialog.js';
import { ErrorMessage, isFieldError } from '../components/error-message.js';
import { formatDateTime } from '../format.js';
import { useAction } from '../hooks/use-api.js';
import { FormActions } from '../components/form-actions.js';

const DAY = 86_400_000;
const EXPIRY_PRESETS = [
  ['7d', '7 days', 7 * DAY],
  ['30d', '30 days', 30 * DAY],
  ['90d', '90 days', 90 * DAY],
  ['365d', '1 year', 365 * DAY],
] as const;
const WINDOWS = [
  ['1000', 'second'],
  ['60000', 'minute'],
  ['3600000', 'hour'],
  ['86400000', 'day'],
] as const;

/** `ingest, read  write` → ['ingest', 'read', 'write']: commas or spaces, no duplicates. */
export const parseRoles = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

/** `203.0.113.0/24, 2001:db8::/32` or one per line → the list, in the order typed (the server names a bad entry by index). */
export const parseAllowedIps = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

type Refill = NonNullable<NonNullable<Key['credits']>['refill']>;

/** `datetime-local` wants local time without a zone. */
const toLocalInput = (iso: string): string => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

const isCount = (text: string, min: number): boolean => text.trim() !== '' && Number.isInteger(Number(text)) && Number(text) >= min;

/**
 * The `credits` of a PATCH, or undefined when nothing changed. `remaining` is sent only when
 * the person changed it: sending it sets the balance (an audited `key.credits_set`), and the
 * balance shown may already be stale by the verifications made since the page loaded.
 */
function creditsPatch(
  before: Key['credits'],
  metered: boolean,
  remaining: number,
  refill: Refill | null,
): NonNullable<UpdateKeyInput['credits']> | null | undefined {
  if (!metered) return before ? null : undefined;
  if (!before) return { remaining, refill };
  const patch: NonNullable<UpdateKeyInput['credits']> = {};
  if (remaining !== before.remaining) patch.remaining = remaining;
  if (JSON.stringify(refill) !== JSON.stringify(before.refill ?? null)) patch.refill = refill;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export type KeyKindForm = 'project' | 'org';

interface KeyFormDialogProps {
  readonly kind: KeyKindForm;
  /** Create under this project (project keys). */
  readonly projectId?: string;
  /** Edit this key instead of creating one. */
  readonly existing?: Key;
  readonly onCreated?: (key: KeyWithSecret) => void;
  readonly onSaved?: (key: Key) => void;
  readonly onClose: () => void;
}

/**
 * One form for minting a key and for editing one: name, owner, roles, expiry, rate limit, and
 * for project keys credits and an IP allowlist. Editing
 * sends only what changed, so a PATCH never touches a field the person did not.
 */
export function KeyFormDialog({ kind, projectId, existing, onCreated, onSaved, onClose }: KeyFormDialogProps) {
  const { client, session } = useSession();
  const id = useId();
  const action = useAction();
  const [name, setName] = useState(existing?.name ?? '');
  const [rolesText, setRolesText] = useState(kind === 'project' ? (existing?.roles ?? []).join(', ') : '');
  const [orgRoles, setOrgRoles] = useState<string[]>(kind === 'org' ? [...(existing?.roles ?? [])] : []);
  const [expiry, setExpiry] = useState<string>(existing ? 'keep' : 'never');
  const [customExpiry, setCustomExpiry] = useState(existing?.expires_at ? toLocalInput(existing.expires_at) : '');
  const [limited, setLimited] = useState(!!existing?.rate_limit);
  const [limit, setLimit] = useState(String(existing?.rate_limit?.limit ?? 100));
  const [windowMs, setWindowMs] = useState(String(existing?.rate_limit?.window_ms ?? 60_000));
  const [sharedByOwner, setSharedByOwner] = useState(existing?.rate_limit?.scope === 'owner');
  const [owner, setOwner] = useState(existing?.owner_id ?? '');
  const [metered, setMetered] = useState(!!existing?.credits);
  const [remaining, setRemaining] = useState(String(existing?.credits?.remaining ?? 1000));
  const [refillInterval, setRefillInterval] = useState<'none' | Refill['interval']>(existing?.credits?.refill?.interval ?? 'none');
  const [refillAmount, setRefillAmount] = useState(String(existing?.credits?.refill?.amount ?? 1000));
  const [refillDay, setRefillDay] = useState(String(existing?.credits?.refill?.day_of_month ?? 1));
  const [ipsText, setIpsText] = useState((existing?.allowed_ips ?? []).join('\n'));
  const [localError, setLocalError] = useState<{ field: string; message: string } | null>(null);

  const heldRoles = session.kind === 'org' ? session.roles : [];
  const grantable = (role: string): boolean => heldRoles.includes('admin') || heldRoles.includes(role);

  const expiresAt = (): string | null | undefined => {
    if (expiry === 'keep') return undefined;
    if (expiry === 'never') return null;
    if (expiry === 'custom') return customExpiry ? new Date(customExpiry).toISOString() : '';
    const preset = EXPIRY_PRESETS.find(([value]) => value === expiry);
    return preset ? new Date(Date.now() + preset[2]).toISOString() : null;
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    const roles = kind === 'project' ? parseRoles(rolesText) : orgRoles;
    const expires = expiresAt();
    const limitNumber = Number(limit);
    let problem: { field: string; message: string } | null = null;
    if (!trimmed) problem = { field: 'name', message: 'Give the key a name, e.g. who or what will use it.' };
    else if (kind === 'org' && roles.length === 0) problem = { field: 'roles', message: 'Pick at least one role.' };
    else if (expires === '') problem = { field: 'expires_at', message: 'Pick the date and time the key should stop working.' };
    else if (limited && (!Number.isInteger(limitNumber) || limitNumber < 1))
      problem = { field: 'rate_limit', message: 'The rate limit must be a whole number of at least 1.' };
    else if (kind === 'project' && metered && !isCount(remaining, 0))
      problem = { field: 'credits', message: 'Credits remaining must be a whole number, 0 or more.' };
    else if (kind === 'project' && metered && refillInterval !== 'none' && !isCount(refillAmount, 1))
      problem = { field: 'credits', message: 'The refill amount must be a whole number of at least 1.' };
    setLocalError(problem);
    if (problem) return;

    // "owner": one counter for every key of the owner. An edit spells "key" out where the key had a
    // scope, so an unchanged limit compares equal to it; a new limit leaves the server's default.
    const scope: 'key' | 'owner' | undefined = sharedByOwner ? 'owner' : existing?.rate_limit?.scope !== undefined ? 'key' : undefined;
    const rateLimit = limited ? { limit: limitNumber, window_ms: Number(windowMs), ...(scope ? { scope } : {}) } : null;
    const ownerId = owner.trim() === '' ? null : owner.trim();
    const refill: Refill | null =
      refillInterval === 'none'
        ? null
        : {
            amount: Number(refillAmount),
            interval: refillInterval,
            ...(refillInterval === 'monthly' ? { day_of_month: Number(refillDay) } : {}),
          };
    const ips = parseAllowedIps(ipsText);
    const allowedIps = ips.length > 0 ? ips : null;
    if (existing) {
      const patch: UpdateKeyInput = {};
      if (trimmed !== existing.name) patch.name = trimmed;
      if (roles.join('\n') !== existing.roles.join('\n')) patch.roles = roles;
      if (expires !== undefined) patch.expires_at = expires;
      const before = existing.rate_limit;
      if (
        JSON.stringify(rateLimit) !==
        JSON.stringify(before ? { limit: before.limit, window_ms: before.window_ms, scope: before.scope } : null)
      ) {
        patch.rate_limit = rateLimit;
      }
      if (ownerId !== existing.owner_id) patch.owner_id = ownerId;
      if (kind === 'project') {
        const credits = creditsPatch(existing.credits, metered, Number(remaining), refill);
        if (credits !== undefined) patch.credits = credits;
        if ((allowedIps ?? []).join('\n') !== (existing.allowed_ips ?? []).join('\n')) patch.allowed_ips = allowedIps;
      }
      if (Object.keys(patch).length === 0) return onClose();
      const result = await action.run(() => client.updateKey(existing.id, patch));
      if (result.ok) onSaved?.(result.value);
      return;
    }
    const body = {
      name: trimmed,
      roles,
      ...(expires ? { expires_at: expires } : {}),
      ...(rateLimit ? { rate_limit: rateLimit } : {}),
      ...(ownerId ? { owner_id: ownerId } : {}),
    };
    const projectBody = {
      ...body,
      ...(metered ? { credits: { remaining: Number(remaining), refill } } : {}),
      ...(allowedIps ? { allowed_ips: allowedIps } : {}),
    };
    const result = await action.run(() =>
      kind === 'org' ? client.createOrgKey(body) : client.createProjectKey(projectId ?? '', projectBody),
    );
    if (result.ok) onCreated?.(result.value);
  };

  const invalid = (field: string): true | undefined =>
    localError?.field === field || isFieldError(action.error, field) ? true : undefined;
  const fieldError = (field: string) =>
    localError?.field === field ? (
      <p className="field-error" role="alert">
        {localError.message}
      </p>
    ) : null;

  return (
    <Dialog title={existing ? `Edit key “${existing.name}”` : kind === 'org' ? 'New org key' : 'New key'} onClose={onClose} wide>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              value={name}
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={invalid('name')}
              aria-describedby={`${id}-name-hint`}
              autoComplete="off"
            />
            <p className="field-hint" id={`${id}-name-hint`}>
              Up to 120 characters; names need not be unique.
            </p>
            {fieldError('name')}
          </div>

          <div className="field">
            <label htmlFor={`${id}-owner`}>
              Owner <span className="optional">(optional)</span>
            </label>
            <input
              id={`${id}-owner`}
              value={owner}
              maxLength={255}
              onChange={(e) => setOwner(e.target.value)}
              aria-invalid={invalid('owner_id')}
              aria-describedby={`${id}-owner-hint`}
              placeholder="cus_1234"
              autoComplete="off"
              spellCheck={false}
            />
            <p className="field-hint" id={`${id}-owner-hint`}>
              Your platform’s id for the customer or user the key belongs to. Verification returns it; the keys table filters by it.
            </p>
          </div>

          {kind === 'project' ? (
            <div className="field">
              <label htmlFor={`${id}-roles`}>
                Roles <span className="optional">(optional)</span>
              </label>
              <input
                id={`${id}-roles`}
                value={rolesText}
                onChange={(e) => setRolesText(e.target.value)}
                aria-invalid={invalid('roles')}
                aria-describedby={`${id}-roles-hint`}
                placeholder="ingest, read"
                autoComplete="off"
                spellCheck={false}
              />
              <p className="field-hint" id={`${id}-roles-hint`}>
                Your platform’s own words, separated by commas. Verification returns them, and can require them.
              </p>
            </div>
          ) : (
            <fieldset className="field" aria-invalid={invalid('roles')}>
              <legend>Roles</legend>
              <div className="checkbox-grid">
                {ORG_ROLES.map((role) => (
                  <label key={role} className="checkbox">
                    <input
                      type="checkbox"
                      checked={orgRoles.includes(role)}
                      disabled={!grantable(role)}
                      onChange={(e) =>
                        setOrgRoles((current) => (e.target.checked ? [...current, role] : current.filter((r) => r !== role)))
                      }
                    />
                    <span className="mono">{role}</span>
                  </label>
                ))}
              </div>
              <p className="field-hint">
                <span className="mono">admin</span> holds every other role. A key can only grant roles it holds itself.
              </p>
              {fieldError('roles')}
            </fieldset>
          )}

          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-expiry`}>Expires</label>
              <select id={`${id}-expiry`} value={expiry} onChange={(e) => setExpiry(e.target.value)} aria-invalid={invalid('expires_at')}>
                {existing ? (
                  <option value="keep">Keep: {existing.expires_at ? formatDateTime(existing.expires_at) : 'never'}</option>
                ) : null}
                <option value="never">Never</option>
                {EXPIRY_PRESETS.map(([value, label]) => (
                  <option key={value} value={value}>
                    In {label}
                  </option>
                ))}
                <option value="custom">On a date…</option>
              </select>
            </div>
            {expiry === 'custom' ? (
              <div className="field">
                <label htmlFor={`${id}-expiry-date`}>Expiry date and time</label>
                <input
                  id={`${id}-expiry-date`}
                  type="datetime-local"
                  value={customExpiry}
                  onChange={(e) => setCustomExpiry(e.target.value)}
                  aria-invalid={invalid('expires_at')}
                />
              </div>
            ) : null}
          </div>
          {fieldError('expires_at')}

          <fieldset className="field">
            <legend>Rate limit</legend>
            <label className="checkbox">
              <input type="checkbox" checked={limited} onChange={(e) => setLimited(e.target.checked)} />
              Limit how often this key can be verified
            </label>
            {limited ? (
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`${id}-limit`}>Verifications</label>
                  <input
                    id={`${id}-limit`}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    value={limit}
                    onChange={(e) => setLimit(e.target.value)}
                    aria-invalid={invalid('rate_limit')}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-window`}>Per</label>
                  <select id={`${id}-window`} value={windowMs} onChange={(e) => setWindowMs(e.target.value)}>
                    {WINDOWS.map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                    {WINDOWS.some(([value]) => value === windowMs) ? null : (
                      <option value={windowMs}>{Number(windowMs).toLocaleString()} ms</option>
                    )}
                  </select>
                </div>
              </div>
            ) : null}
            {limited ? (
              <label className="checkbox">
                <input type="checkbox" checked={sharedByOwner} onChange={(e) => setSharedByOwner(e.target.checked)} />
                Shared by every key of the same owner (a key without an owner counts alone)
              </label>
            ) : null}
            {fieldError('rate_limit')}
          </fieldset>

          {kind === 'project' ? (
            <fieldset className="field" aria-invalid={invalid('credits')}>
              <legend>Credits</legend>
              <label className="checkbox">
                <input type="checkbox" checked={metered} onChange={(e) => setMetered(e.target.checked)} />
                Limit usage with credits
              </label>
              {metered ? (
                <div className="field-row">
                  <div className="field">
                    <label htmlFor={`${id}-remaining`}>Credits remaining</label>
                    <input
                      id={`${id}-remaining`}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      value={remaining}
                      onChange={(e) => setRemaining(e.target.value)}
                      aria-invalid={invalid('credits.remaining')}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-refill`}>Refill</label>
                    <select
                      id={`${id}-refill`}
                      value={refillInterval}
                      onChange={(e) => setRefillInterval(e.target.value as 'none' | Refill['interval'])}
                    >
                      <option value="none">Never</option>
                      <option value="daily">Daily</option>
                      <option value="monthly">Monthly</option>
                    </select>
                  </div>
                  {refillInterval !== 'none' ? (
                    <div className="field">
                      <label htmlFor={`${id}-refill-amount`}>Refill to</label>
                      <input
                        id={`${id}-refill-amount`}
                        type="number"
                        inputMode="numeric"
                        min={1}
                        value={refillAmount}
                        onChange={(e) => setRefillAmount(e.target.value)}
                        aria-invalid={invalid('credits.refill')}
                      />
                    </div>
                  ) : null}
                  {refillInterval === 'monthly' ? (
                    <div className="field">
                      <label htmlFor={`${id}-refill-day`}>On day</label>
                      <select id={`${id}-refill-day`} value={refillDay} onChange={(e) => setRefillDay(e.target.value)}>
                        {Array.from({ length: 31 }, (_, i) => String(i + 1)).map((day) => (
                          <option key={day} value={day}>
                            {day}
                          </option>
                        ))}
                      </select>
                    </div>
                  ) : null}
                </div>
              ) : null}
              <p className="field-hint">
                Each valid verification spends its cost (default 1); at 0 verification answers <code>USAGE_EXCEEDED</code>. A refill resets
                the balance at 00:00 UTC.
              </p>
              {fieldError('credits')}
            </fieldset>
          ) : null}

          {kind === 'project' ? (
            <div className="field">
              <label htmlFor={`${id}-ips`}>
                Allowed IPs <span className="optional">(optional)</span>
              </label>
              <textarea
                id={`${id}-ips`}
                rows={3}
                value={ipsText}
                onChange={(e) => setIpsText(e.target.value)}
                aria-invalid={invalid('allowed_ips')}
                aria-describedby={`${id}-ips-hint`}
                placeholder={'203.0.113.0/24\n2001:db8::/32'}
                spellCheck={false}
              />
              <p className="field-hint" id={`${id}-ips-hint`}>
                Addresses or CIDRs, one per line. When set, verification must send the caller’s <code>ip</code> and it must be inside one of
                them; empty means any address.
              </p>
            </div>
          ) : null}

          <ErrorMessage error={action.error} context={existing ? 'Could not save the key' : 'Could not create the key'} />
        </div>
        <FormActions onCancel={onClose} busy={action.busy} submitLabel={existing ? 'Save changes' : 'Create key'} busyLabel="Saving…" />
      </form>
    </Dialog>
  );
}
