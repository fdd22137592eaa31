import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * The Node limit: a raw `node:http` handler doing the work of a cached verification and
 * nothing else. It reads the body, parses it as JSON, hashes (SHA-256) the caller's
 * bearer key and the presented key, looks both up in a Map (the caller's credential and the
 * key's record, each filled on first sight, as a cache is) and answers `JSON.stringify` of
 * a verification-shaped object. No framework, no validation, no rate limit, no usage
 * count: what no Node server can beat on this machine, the baseline of the `_vs_raw` ratios.
 */
interface Record_ {
  readonly key_id: string;
  readonly org_id: string;
  readonly project_id: string;
  readonly name: string;
  readonly roles: readonly string[];
}

const RECORD: Record_ = {
  key_id: '6f1c1b8e-3f1e-4c39-9d4b-2a8e6f0f5c11',
  org_id: '0b0c5a43-1b7e-4d8e-a7f2-5d2e0b7f6a21',
  project_id: '9a3c2d1e-7b6f-4e5d-8c4b-3a2f1e0d9c8b',
  name: 'bench',
  roles: ['ingest'],
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const callers = new Map<string, boolean>();
const keys = new Map<string, Record_>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let key: unknown;
    try {
      key = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { key?: unknown }).key;
    } catch {
      key = undefined;
    }
    if (typeof key !== 'string') {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"key"}');
      return;
    }
    const caller = sha256(req.headers.authorization ?? '');
    if (!callers.has(caller)) callers.set(caller, true);
    const hash = sha256(key);
    let record = keys.get(hash);
    if (record === undefined) keys.set(hash, (record = RECORD));
    const body = JSON.stringify({ valid: true, code: 'VALID', ...record, metadata: {}, expires_at: null, rate_limit: null });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  });
});

server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`Keyward listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
