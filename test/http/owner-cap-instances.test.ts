import { describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, type ServeProcess } from '../cli/cli-process.js';
import { ENGINES } from '../helpers/engines.js';
import { useTwoInstances } from '../helpers/two-instances.js';

const CAP = 3;
const MINTS = 16;

/**
 * Two real `keyward serve` processes on one database, minting for one owner at once: the
 * per-owner cap holds across processes (PostgreSQL: the advisory lock per project and owner;
 * SQLite: the one writer), never one key more, whichever instance wins each mint.
 */
for (const engine of ENGINES) {
  describe(`${engine.name}: max_keys_per_owner across two instances`, { timeout: 3 * CLI_TEST_TIMEOUT }, () => {
    const start = useTwoInstances(engine);

    it('concurrent mints for one owner on both instances never pass the cap', async () => {
      const { a, b, call } = await start();
      const project = (await call(a, 'POST', '/v1/projects', { name: 'capped', max_keys_per_owner: CAP })).body;
      const mint = (s: ServeProcess) => call(s, 'POST', `/v1/projects/${project['id']}/keys`, { name: 'k', owner_id: 'racer' });
      const statuses = await Promise.all(Array.from({ length: MINTS }, (_, i) => mint(i % 2 === 0 ? a : b).then((r) => r.status)));
      expect(statuses.filter((s) => s === 201)).toHaveLength(CAP);
      expect(statuses.filter((s) => s === 409)).toHaveLength(MINTS - CAP);
      const listed = (await call(b, 'GET', `/v1/projects/${project['id']}/keys?owner_id=racer`)).body;
      expect(listed['data']).toHaveLength(CAP);
    });
  });
}
