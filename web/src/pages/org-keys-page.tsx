import { PageHeader } from '../app/page-header.js';
import { useSession } from '../app/session-context.js';
import { KeysSection } from '../keys/keys-section.js';
import { LeakPolicySection } from '../intake/leak-policy-section.js';

export function OrgKeysPage() {
  const { can } = useSession();
  return (
    <>
      <PageHeader title="Org keys">
        <p className="page-lede">
          Keys that manage this organization through Keyward’s API (and this dashboard). Give each one only the roles it needs.
        </p>
      </PageHeader>
      {can('admin') ? (
        <>
          <KeysSection kind="org" title="Org keys" />
          <LeakPolicySection />
        </>
      ) : (
        <p className="alert alert-info">Only an org key with the admin role can list and create org keys.</p>
      )}
    </>
  );
}
