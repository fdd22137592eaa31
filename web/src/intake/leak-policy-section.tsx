import { useId, useState } from 'react';
import type { LeakPolicy } from '../api/types.js';
import { useNotice } from '../app/notice.js';
import { useSession } from '../app/session-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { useAction, useApi } from '../hooks/use-api.js';

const CHOICES: ReadonlyArray<{ value: LeakPolicy; label: string; hint: string }> = [
  { value: 'revoke', label: 'Revoke', hint: 'The key stops working at once, for good (recommended).' },
  { value: 'disable', label: 'Disable', hint: 'The key is refused until someone re-enables it.' },
  { value: 'notify', label: 'Notify only', hint: 'Nothing changes; a key.leaked audit event (and webhook) records the report.' },
];

/** The org's leak policy (admin): what a leak report does to one of its keys. */
export function LeakPolicySection() {
  const { client } = useSession();
  const notice = useNotice();
  const org = useApi(() => client.getOwnOrg(), []);
  const action = useAction();
  const [choice, setChoice] = useState<LeakPolicy | null>(null);
  const name = useId();

  if (org.error) return <ErrorMessage error={org.error} context="Could not load the org settings" />;
  if (!org.data) return <Loading what="the org settings" />;
  const current = choice ?? org.data.leak_policy;

  const save = async (): Promise<void> => {
    const result = await action.run(() => client.setLeakPolicy(current));
    if (result.ok) {
      org.setData(() => result.value);
      setChoice(null);
      notice(`Leak policy set to “${result.value.leak_policy}”.`);
    }
  };

  return (
    <section className="card" aria-labelledby={`${name}-title`}>
      <div className="card-header">
        <h2 id={`${name}-title`}>Leaked keys</h2>
      </div>
      <p>When a secret scanner or your own scanners report one of this org’s keys as leaked:</p>
      <fieldset className="field">
        <legend className="visually-hidden">Leak policy</legend>
        {CHOICES.map((c) => (
          <label key={c.value} className="checkbox">
            <input type="radio" name={name} value={c.value} checked={current === c.value} onChange={() => setChoice(c.value)} />{' '}
            <strong>{c.label}</strong> — {c.hint}
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={action.error} context="Could not save the leak policy" />
      <button type="button" className="button" disabled={action.busy || current === org.data.leak_policy} onClick={() => void save()}>
        {action.busy ? 'Saving…' : 'Save leak policy'}
      </button>
    </section>
  );
}
