// A Hono API (on Node via @hono/node-server) whose routes need a Keyward key with the role `ingest`.
// Run: KEYWARD_URL=http://127.0.0.1:8080 KEYWARD_API_KEY=kw_org_… npx tsx examples/hono.ts
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Keyward } from '@keyward/client';
import { keyward } from '@keyward/client/hono';

const client = new Keyward({ baseUrl: process.env.KEYWARD_URL ?? 'http://127.0.0.1:8080', apiKey: process.env.KEYWARD_API_KEY });
const app = new Hono();
app.use(keyward({ client, roles: ['ingest'] }));

app.post('/events', (c) => c.json({ accepted: true, project: c.get('keyward').project_id }));
app.get('/hello', (c) => c.json({ hello: c.get('keyward').name }));

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
