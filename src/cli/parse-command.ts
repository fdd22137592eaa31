import { parseArgs } from 'node:util';
import { UsageError, type Command, type ParsedFlags } from './command.js';

export interface ParsedCommand {
  readonly help: boolean;
  readonly args: readonly string[];
  readonly flags: ParsedFlags;
}

/**
 * Parses a command's arguments with node:util parseArgs (strict), then checks what
 * parseArgs cannot: the number of positionals and the required flags. Every failure is a
 * UsageError with one line that names the offending word.
 */
export function parseCommand(command: Command, argv: readonly string[]): ParsedCommand {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(command.flags)) {
    const option = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}) };
    options[name] = option;
    for (const alias of spec.aliases ?? []) options[alias] = option;
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(`${describeParseError(err)} (see: keyward ${command.name} --help)`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  for (const [name, spec] of Object.entries(command.flags)) {
    for (const alias of spec.aliases ?? []) values[name] ??= values[alias];
  }
  const flags: ParsedFlags = {
    string: (name) => {
      const v = values[name];
      return typeof v === 'string' ? v : undefined;
    },
    boolean: (name) => values[name] === true,
    strings: (name) => {
      const v = values[name];
      return Array.isArray(v) ? v : undefined;
    },
  };
  // Help wins over every other check, so `keys create --help` works without `--name`.
  if (values.help === true) return { help: true, args: parsed.positionals, flags };

  const expected = command.args ?? [];
  if (parsed.positionals.length < expected.length) {
    throw new UsageError(`missing ${expected[parsed.positionals.length]} for "keyward ${command.name}"`);
  }
  if (parsed.positionals.length > expected.length) {
    throw new UsageError(`unexpected argument "${parsed.positionals[expected.length]}" for "keyward ${command.name}"`);
  }
  for (const [name, spec] of Object.entries(command.flags)) {
    if (spec.required && values[name] === undefined) {
      throw new UsageError(`missing required flag --${name} for "keyward ${command.name}"`);
    }
  }
  return { help: false, args: parsed.positionals, flags };
}

/** parseArgs' own messages run to two sentences; keep the part that names the flag. */
function describeParseError(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const flag = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('does not take an argument') ? `flag ${flag} takes no value` : `flag ${flag} needs a value`;
    default:
      return message.split('\n')[0] ?? message;
  }
}
