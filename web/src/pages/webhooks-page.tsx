import { useId, useState, type FormEvent } from 'react';
import { WEBHOOK_EVENT_TYPES, type Webhook, type WebhookWithSecret } from '../api/types.js';
import { PageHeader } from '../app/page-header.js';
import { useSession } from '../app/session-context.js';
import { Dialog } from '../components/dialog.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage, isFieldError } from '../components/error-message.js';
import { FormActions } from '../components/form-actions.js';
import { Loading } from '../components/loading.js';
import { formatDateTime, formatRelative } from '../format.js';
import { useAction, useApi } from '../hooks/use-api.js';

/** A new endpoint: its URL and the events it receives. */
function NewWebhookDialog({ onCreated, onClose }: { readonly onCreated: (made: WebhookWithSecret) => void; readonly onClose: () => void }) {
  const { client } = useSession();
  const id = useId();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['key.created', 'key.revoked']);
  const action = useAction();
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await action.run(() => client.createWebhook({ url: url.trim(), events }));
    if (result.ok) onCreated(result.value);
  };
  const toggle = (type: string): void => setEvents((now) => (now.includes(type) ? now.filter((e) => e !== type) : [...now, type]));
  return (
    <Dialog title="New webhook" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          <div className="field">
            <label htmlFor={`${id}-url`}>URL</label>
            <input
              id={`${id}-url`}
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://example.com/keyward-events"
              className="mono"
              autoComplete="off"
              aria-invalid={isFieldError(action.error, 'url') || undefined}
            />
          </div>
          <fieldset className="field">
            <legend>Events</legend>
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <label key={type} className="checkbox">
                <input type="checkbox" checked={events.includes(type)} onChange={() => toggle(type)} /> <span className="mono">{type}</span>
              </label>
            ))}
          </fieldset>
          <ErrorMessage error={action.error} context="Could not create the webhook" />
        </div>
        <FormActions onCancel={onClose} busy={action.busy} submitLabel="Create webhook" busyLabel="Creating…" />
      </form>
    </Dialog>
  );
}

/** The signing secret, shown once (Escape does not close it: it cannot be shown again). */
function SigningSecretDialog({ secret, onClose }: { readonly secret: string; readonly onClose: () => void }) {
  return (
    <Dialog title="Webhook signing secret" onClose={onClose} dismissable={false} wide>
      <div className="dialog-body">
        <div className="alert alert-warning" role="note">
          <p>
            <strong>Copy this secret now. You will not see it again.</strong> Your receiver verifies each delivery with it (Standard
            Webhooks); rotate it to get a new one.
          </p>
        </div>
        <label htmlFor="webhook-secret">Signing secret</label>
        <textarea id="webhook-secret" className="mono secret" readOnly rows={2} value={secret} />
      </div>
      <div className="dialog-actions">
        <button type="button" className="button button-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}

/** One endpoint's deliveries, newest first, with their status and a redeliver button. */
function Deliveries({ webhook }: { readonly webhook: Webhook }) {
  const { client } = useSession();
  const deliveries = useApi(() => client.listWebhookDeliveries(webhook.id, { limit: 20 }), [webhook.id]);
  const action = useAction();
  const rows = deliveries.data?.data ?? [];
  const redeliver = async (deliveryId: string): Promise<void> => {
    const result = await action.run(() => client.redeliverWebhook(webhook.id, deliveryId));
    if (result.ok) deliveries.reload();
  };
  return (
    <div>
      <div className="webhook-head">
        <h3>Deliveries</h3>
        <button type="button" className="button" onClick={deliveries.reload}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={deliveries.error ?? action.error} context="Could not load or redeliver" />
      {deliveries.loading && !deliveries.data ? (
        <Loading what="deliveries" />
      ) : rows.length === 0 ? (
        <p className="muted">No deliveries yet. Events this endpoint subscribes to appear here as they happen.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={`Deliveries to ${webhook.url}`}>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">When</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td className="mono" data-label="Event">
                    {d.event_type}
                  </td>
                  <td data-label="Status">
                    <span className={`badge badge-${d.status === 'delivered' ? 'active' : d.status === 'failed' ? 'revoked' : 'disabled'}`}>
                      {d.status}
                    </span>
                  </td>
                  <td data-label="Attempts">{d.attempts}</td>
                  <td data-label="Last answer" title={d.attempt_log.at(-1)?.response_body ?? d.attempt_log.at(-1)?.error ?? ''}>
                    {d.response_status ?? (d.attempt_log.at(-1)?.error ? 'no answer' : '–')}
                  </td>
                  <td data-label="When">
                    <time dateTime={d.occurred_at} title={formatDateTime(d.occurred_at)}>
                      {formatRelative(d.occurred_at)}
                    </time>
                  </td>
                  <td>
                    <button type="button" className="button button-small" disabled={action.busy} onClick={() => void redeliver(d.id)}>
                      Redeliver
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * The org's webhook endpoints (admin): where key and project events are POSTed, signed
 * (docs/WEBHOOKS.md). Each endpoint shows its events and, opened, its deliveries.
 */
export function WebhooksPage() {
  const { client } = useSession();
  const webhooks = useApi(() => client.listWebhooks({ limit: 100 }), []);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const action = useAction();
  const rows = webhooks.data?.data ?? [];

  const toggleEnabled = async (w: Webhook): Promise<void> => {
    const result = await action.run(() => client.updateWebhook(w.id, { enabled: !w.enabled }));
    if (result.ok) webhooks.reload();
  };
  const remove = async (w: Webhook): Promise<void> => {
    if (!window.confirm(`Delete the webhook to ${w.url}? Its pending deliveries are dropped.`)) return;
    const result = await action.run(() => client.deleteWebhook(w.id));
    if (result.ok) webhooks.reload();
  };

  return (
    <>
      <PageHeader
        title="Webhooks"
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New webhook
          </button>
        }
      >
        <p className="page-lede">Endpoints that hear about this org’s keys and projects, signed per Standard Webhooks.</p>
      </PageHeader>
      <section className="card">
        <ErrorMessage error={webhooks.error ?? action.error} context="Could not load or change the webhooks" />
        {webhooks.loading && !webhooks.data ? (
          <Loading what="webhooks" />
        ) : rows.length === 0 && !webhooks.error ? (
          <EmptyState title="No webhooks yet">
            Add an endpoint to hear when keys are created, changed, rolled, revoked or expire.
          </EmptyState>
        ) : (
          <ul className="webhook-list">
            {rows.map((w) => (
              <li key={w.id} className="webhook-item">
                <div className="webhook-head">
                  <div>
                    <div className="mono">{w.url}</div>
                    <div className="muted">
                      {w.enabled ? 'Enabled' : 'Disabled'} · {w.events.join(', ')}
                    </div>
                  </div>
                  <div className="filter-buttons">
                    <button
                      type="button"
                      className="button"
                      aria-expanded={open === w.id}
                      onClick={() => setOpen(open === w.id ? null : w.id)}
                    >
                      {open === w.id ? 'Hide deliveries' : 'Deliveries'}
                    </button>
                    <button type="button" className="button" onClick={() => void toggleEnabled(w)}>
                      {w.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button type="button" className="button button-danger" onClick={() => void remove(w)}>
                      Delete
                    </button>
                  </div>
                </div>
                {open === w.id ? <Deliveries webhook={w} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {creating ? (
        <NewWebhookDialog
          onClose={() => setCreating(false)}
          onCreated={(made) => {
            setCreating(false);
            setSecret(made.secret);
            webhooks.reload();
          }}
        />
      ) : null}
      {secret !== null ? <SigningSecretDialog secret={secret} onClose={() => setSecret(null)} /> : null}
    </>
  );
}
