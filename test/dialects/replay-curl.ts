import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'vitest';

const run = promisify(execFile);

export interface CurlAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: any;
  readonly text: string;
}

/**
 * Runs a document's cURL sample with the real curl, after `substitute` has changed only the
 * host and the doc's placeholder values (key, ids). Only output options are added
 * (`--silent --show-error --include`), so curl sends exactly what the sample makes it send.
 */
export async function replayCurl(argv: readonly string[], substitute: (word: string) => string): Promise<CurlAnswer> {
  expect(argv[0]).toBe('curl');
  const args = argv.slice(1).map(substitute);
  const { stdout } = await run('curl', [...args, '--silent', '--show-error', '--include'], { encoding: 'utf8' });
  const split = stdout.indexOf('\r\n\r\n');
  const head = stdout.slice(0, split).split('\r\n');
  const text = stdout.slice(split + 4);
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head[0] ?? '')?.[1]);
  const headers = Object.fromEntries(
    head.slice(1).map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
    }),
  );
  return { status, headers, body: text === '' ? null : JSON.parse(text), text };
}
