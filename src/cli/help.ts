import type { Command, CommandGroup, FlagSpec, FlagSpecs } from './command.js';
import { DEFAULT_URL } from './remote-command.js';

/** `--help` texts, all generated from the command definitions so they cannot drift from the parser. */

export function mainHelp(local: ReadonlyArray<Command | CommandGroup>, remote: ReadonlyArray<Command | CommandGroup>): string {
  const width = Math.max(...[...local, ...remote].map((c) => c.name.length));
  const list = (items: ReadonlyArray<Command | CommandGroup>): string =>
    items.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return [
    'keyward: self-hostable API keys for organizations and projects',
    '',
    'Usage: keyward <command> [subcommand] [flags]',
    '',
    'Commands on the local database (KEYWARD_DATABASE_URL):',
    list(local),
    '',
    `Commands that call a running server (KEYWARD_URL, default ${DEFAULT_URL}, with KEYWARD_API_KEY):`,
    list(remote),
    '',
    'Run "keyward <command> --help" for a command\'s flags.',
    'Exit codes: 0 success, 1 failure (an API error, an invalid key), 2 bad arguments or settings.',
    'Failures print one line "error: …" on stderr; with --json, {"error": {"code", "message", "field"?, "request_id"?}}.',
  ].join('\n');
}

export function groupHelp(group: CommandGroup): string {
  const words = group.commands.map((c) => c.name.slice(group.name.length + 1));
  const width = Math.max(...words.map((w) => w.length));
  return [
    `keyward ${group.name}: ${group.summary}`,
    '',
    `Usage: keyward ${group.name} <subcommand> [flags]`,
    '',
    'Subcommands:',
    ...group.commands.map((c, i) => `  ${(words[i] ?? '').padEnd(width)}  ${c.summary}`),
    '',
    `Run "keyward ${group.name} <subcommand> --help" for its flags.`,
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const usage = [`keyward ${command.name}`, ...(command.args ?? []), ...requiredFlags(command.flags), '[flags]'].join(' ');
  const lines = [`keyward ${command.name}: ${command.summary}`, '', `Usage: ${usage}`];
  if (command.details) lines.push('', command.details);
  lines.push('', 'Flags:', flagList({ ...command.flags, help: { type: 'boolean', description: 'show this help' } }));
  return lines.join('\n');
}

function requiredFlags(flags: FlagSpecs): string[] {
  return Object.entries(flags)
    .filter(([, spec]) => spec.required)
    .map(([name, spec]) => `--${name} ${spec.value ?? ''}`.trim());
}

function flagList(flags: FlagSpecs): string {
  const labels = Object.entries(flags).map(([name, spec]) => (spec.value ? `--${name} ${spec.value}` : `--${name}`));
  const width = Math.max(...labels.map((l) => l.length));
  return Object.values(flags)
    .map((spec, i) => `  ${(labels[i] ?? '').padEnd(width)}  ${spec.description}${spec.required ? ' (required)' : ''}${aliasNote(spec)}`)
    .join('\n');
}

const aliasNote = (spec: FlagSpec): string =>
  spec.aliases?.length ? ` (also accepted: ${spec.aliases.map((a) => `--${a}`).join(', ')})` : '';
