/** Roles as small chips; "none" stated rather than an empty cell. */
export function RoleList({ roles }: { readonly roles: readonly string[] }) {
  if (roles.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="chips" aria-label="Roles">
      {roles.map((r) => (
        <li key={r} className="chip mono">
          {r}
        </li>
      ))}
    </ul>
  );
}
