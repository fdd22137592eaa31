import { readFileSync } from 'node:fs';
import type { ImportKeyItem, ImportKeysResult, LeakedKeysResult } from '@keyward/client';
import { UsageError, type Command } from '../command.js';
import { remoteCommand } from '../remote-command.js';

/**
 * Keys coming in from outside (issue 16): `keys import FILE` (keys a platform already issued)
 * and `keys leaked -` (raw keys its own scanners found). Neither prints a raw key back.
 */

/** `-` is stdin: keys stay out of the process list and shell history. */
const readSource = (path: string): string => {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${path === '-' ? 'stdin' : path}`);
  }
};

/** The file's keys: a JSON array of items, or `{"keys": [...]}` as the API takes it (the server judges each item). */
function importItems(text: string): ImportKeyItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError('FILE is not valid JSON: give an array of keys or {"keys": [...]}');
  }
  const items = Array.isArray(doc) ? doc : (doc as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(items)) throw new UsageError('FILE must hold an array of keys or {"keys": [...]}');
  return items as ImportKeyItem[];
}

function importView(body: ImportKeysResult): string {
  const lines = body.data.map((r) => ('id' in r ? `#${r.index}  imported  ${r.id}` : `#${r.index}  ${r.error.code}  ${r.error.message}`));
  return [...lines, `${body.created} imported, ${body.failed} refused`].join('\n');
}

function leakedView(body: LeakedKeysResult): string {
  const found = body.data.filter((r) => r.label === 'true_positive').length;
  const lines = body.data.map((r) => `line ${r.index + 1}  ${r.label}`);
  return [
    ...lines,
    `${found} live key(s) found and acted on by their org's leak policy; ${body.data.length - found} not Keyward keys`,
  ].join('\n');
}

export const keyIntakeCommands: readonly Command[] = [
  remoteCommand({
    name: 'keys import',
    summary: 'import keys a platform already issued (raw or as sha256/sha512 digests) into a project',
    details:
      'FILE ("-" for stdin) holds a JSON array of keys, or {"keys": [...]}: each {name, key | hash: {algorithm, encoding, value, prefix?}, roles?, owner_id?, metadata?, expires_at?, rate_limit?, credits?, allowed_ips?}. Up to 1,000 per call.\nExits 0 when every key was imported, 1 when any was refused (each line says why).',
    args: ['FILE'],
    flags: { project: { type: 'string', value: 'PROJECT_ID', required: true, description: 'import into this project' } },
    call: (api, { args, flags }) => {
      const keys = importItems(readSource(args[0] ?? ''));
      return api.keys.import(flags.string('project') ?? '', { keys });
    },
    render: (body) => importView(body as ImportKeysResult),
    exitCode: (body) => ((body as ImportKeysResult).failed === 0 ? 0 : 1),
  }),
  remoteCommand({
    name: 'keys leaked',
    summary: "report raw keys found leaked (one per line on stdin); each live key is acted on by its org's leak policy",
    details:
      'Give "-" and pipe the keys in, one per line (blank lines are skipped); up to 1,000 per call.\nExits 0 when none was a live key, 1 when any was.',
    args: ['-'],
    call: (api, { args }) => {
      if (args[0] !== '-')
        throw new UsageError('give "-" and the keys on stdin, one per line (a key on the command line would be in the process list)');
      const keys = readSource('-')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
      if (keys.length === 0) throw new UsageError('no keys on stdin');
      return api.keys.leaked({ keys });
    },
    render: (body) => leakedView(body as LeakedKeysResult),
    exitCode: (body) => ((body as LeakedKeysResult).data.some((r) => r.label === 'true_positive') ? 1 : 0),
  }),
];
