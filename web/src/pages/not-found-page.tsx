import { PageHeader } from '../app/page-header.js';
import { Link } from '../app/router.js';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is nothing at this address. Go to <Link href="/projects">your projects</Link>.
      </p>
    </>
  );
}
