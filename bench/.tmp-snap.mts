import { seedDatabase } from '/work/wt/h15b/bench/seed.ts';
import { startServer, KEYWARD } from '/work/wt/h15b/bench/processes.ts';
import { startLocalVerifier } from '/work/wt/h15b/packages/client/src/local/index.ts';
const url = `sqlite:/tmp/h15b-snap-${Date.now()}.db`;
const seeded = await seedDatabase(url, 20000);
const s = await startServer(KEYWARD, ['serve'], { KEYWARD_DATABASE_URL: url, KEYWARD_LOG_LEVEL: 'warn' });
for (let r = 0; r < 2; r++) {
  let t = performance.now();
  const res = await fetch(`${s.url}/v1/keys/stream`, { headers: { authorization: `Bearer ${seeded.adminKey}` } });
  const reader = res.body!.getReader(); let n = 0; let tail = '';
  const dec = new TextDecoder();
  for (;;) { const { value } = await reader.read(); n += value!.length; tail = (tail + dec.decode(value)).slice(-200); if (tail.includes('"synced"')) break; }
  await reader.cancel();
  console.log('raw stream', Math.round(performance.now() - t), 'ms', n, 'bytes');
  t = performance.now();
  const v = await startLocalVerifier({ baseUrl: s.url, apiKey: seeded.adminKey, fetch, remoteVerify: async () => ({ valid: false, code: 'NOT_FOUND' }) });
  console.log('verifier', Math.round(performance.now() - t), 'ms');
  await v.close();
}
await s.stop();
