// An Express API whose routes need a Keyward key with the role `ingest`.
// Run: KEYWARD_URL=http://127.0.0.1:8080 KEYWARD_API_KEY=kw_org_… npx tsx examples/express.ts
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Keyward } from '@keyward/client';
import { keyward } from '@keyward/client/express';

const client = new Keyward({ baseUrl: process.env.KEYWARD_URL ?? 'http://127.0.0.1:8080', apiKey: process.env.KEYWARD_API_KEY });
const app = express();
app.use(keyward({ client, roles: ['ingest'] }));

app.post('/events', (req, res) => {
  res.json({ accepted: true, project: req.keyward?.project_id });
});
app.get('/hello', (req, res) => {
  res.json({ hello: req.keyward?.name });
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
