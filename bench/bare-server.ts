import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { Static } from 'typebox';
import { Verification, VerifyBody } from '../src/http/schemas/verification.js';

/**
 * The ceiling: a bare Fastify 5 route with the same JSON schemas as POST /v1/keys/verify
 * for its body and its response, answering a constant. It does no auth, no hashing and
 * no lookup, so the ratio of Keyward to it is what verification costs beyond HTTP.
 */
const ANSWER: Static<typeof Verification> = {
  valid: true,
  code: 'VALID',
  key_id: '6f1c1b8e-3f1e-4c39-9d4b-2a8e6f0f5c11',
  org_id: '0b0c5a43-1b7e-4d8e-a7f2-5d2e0b7f6a21',
  project_id: '9a3c2d1e-7b6f-4e5d-8c4b-3a2f1e0d9c8b',
  name: 'bench',
  roles: ['ingest'],
  metadata: {},
  expires_at: null,
  rate_limit: null,
};

const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
app.post('/v1/keys/verify', { schema: { body: VerifyBody, response: { 200: Verification } } }, async () => ANSWER);
const url = await app.listen({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? 0) });
process.stdout.write(`Keyward listening on ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
