// A plain `(Request) => Response` handler (the shape of Next.js route handlers, Bun and Deno),
// served on Node by @hono/node-server. Needs a Keyward key with the role `ingest`.
// Run: KEYWARD_URL=http://127.0.0.1:8080 KEYWARD_API_KEY=kw_org_… npx tsx examples/fetch.ts
import { serve } from '@hono/node-server';
import { Keyward } from '@keyward/client';
import { withKeyward } from '@keyward/client/fetch';

const client = new Keyward({ baseUrl: process.env.KEYWARD_URL ?? 'http://127.0.0.1:8080', apiKey: process.env.KEYWARD_API_KEY });

// In Next.js: `export const GET = withKeyward(…)` in app/hello/route.ts.
const handler = withKeyward((request, keyward) => Response.json({ hello: keyward.name, path: new URL(request.url).pathname }), {
  client,
  roles: ['ingest'],
});

serve({ fetch: handler, hostname: '127.0.0.1', port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
