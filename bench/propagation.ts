import { KEYWARD, startServer, type Server } from './processes.js';
import { wrkInBackground } from './wrk.js';

export interface PropagationSpec {
  readonly databaseUrl: string;
  readonly adminKey: string;
  readonly projectId: string;
  /** Keys the background load verifies on the second instance. */
  readonly hotKeys: readonly string[];
  readonly revokes: number;
  readonly env: Record<string, string>;
}

export interface Propagation {
  /** Per revoke: ms from instance A acknowledging it to instance B first refusing the key. */
  readonly delaysMs: readonly number[];
  /** Answers VALID from B for a key after B had already refused it (must be 0). */
  readonly validAfterRefusal: number;
}

/**
 * Two real Keyward processes on one database. B is kept busy verifying (wrk in the
 * background, a process of its own, so this one's timings do not wait behind the load); for each of `revokes` fresh keys: B verifies it (so B caches it), A revokes
 * it, and B is asked again and again until it refuses the key. The delay is measured from
 * A's 200 to B's first refusal, so it includes one verify round trip.
 */
export async function measurePropagation(spec: PropagationSpec): Promise<Propagation> {
  const env = { ...spec.env, KEYWARD_DATABASE_URL: spec.databaseUrl };
  const a = await startServer(KEYWARD, ['serve'], env);
  const b = await startServer(KEYWARD, ['serve'], env);
  const background = wrkInBackground({
    url: b.url,
    path: '/v1/keys/verify',
    headers: { authorization: `Bearer ${spec.adminKey}` },
    bodies: spec.hotKeys.map((key) => JSON.stringify({ key })),
    connections: 8,
  });
  try {
    const delaysMs: number[] = [];
    let validAfterRefusal = 0;
    for (let n = 0; n < spec.revokes; n++) {
      const minted = await call(a, 'POST', `/v1/projects/${spec.projectId}/keys`, spec.adminKey, { name: 'propagation' });
      const key = minted['key'] as string;
      if ((await verify(b, spec.adminKey, key)) !== 'VALID') throw new Error('a fresh key did not verify on the other instance');
      await call(a, 'DELETE', `/v1/keys/${minted['id'] as string}`, spec.adminKey);
      const acknowledged = performance.now();
      while ((await verify(b, spec.adminKey, key)) === 'VALID') {
        if (performance.now() - acknowledged > 30_000) throw new Error('a revoked key was still VALID on the other instance after 30 s');
      }
      delaysMs.push(performance.now() - acknowledged);
      for (let k = 0; k < 3; k++) if ((await verify(b, spec.adminKey, key)) === 'VALID') validAfterRefusal++;
    }
    return { delaysMs, validAfterRefusal };
  } finally {
    await background.stop();
    await stopBoth(a, b);
  }
}

async function stopBoth(a: Server, b: Server): Promise<void> {
  await Promise.all([a.stop(), b.stop()]);
}

async function verify(server: Server, adminKey: string, key: string): Promise<string> {
  return (await call(server, 'POST', '/v1/keys/verify', adminKey, { key }))['code'] as string;
}

async function call(server: Server, method: string, path: string, bearer: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}
