// A Fastify API whose routes need a Keyward key with the role `ingest`.
// Run: KEYWARD_URL=http://127.0.0.1:8080 KEYWARD_API_KEY=kw_org_… npx tsx examples/fastify.ts
import Fastify from 'fastify';
import { Keyward } from '@keyward/client';
import { keyward } from '@keyward/client/fastify';

const client = new Keyward({ baseUrl: process.env.KEYWARD_URL ?? 'http://127.0.0.1:8080', apiKey: process.env.KEYWARD_API_KEY });
const app = Fastify();
await app.register(keyward, { client, roles: ['ingest'] });

app.post('/events', async (request) => ({ accepted: true, project: request.keyward?.project_id }));
app.get('/hello', async (request) => ({ hello: request.keyward?.name }));

const url = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3000) });
console.log(`listening on ${url}`);
