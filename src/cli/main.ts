#!/usr/bin/env node
import { KeywardError } from '../core/errors.js';
import { ApiError } from './api-client.js';
import { UsageError, type Command, type CommandInput } from './command.js';
import { LOCAL_COMMANDS, REMOTE_COMMANDS } from './command-list.js';
import { commandHelp, groupHelp, mainHelp } from './help.js';
import { parseCommand } from './parse-command.js';

const isHelp = (word: string | undefined): boolean => word === '--help' || word === '-h';

/** Finds the command the words name and runs it; resolves to the exit code. */
async function main(argv: readonly string[], env: CommandInput['env']): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command (see: keyward --help)');
  if (isHelp(first) || first === 'help') return printed(mainHelp(LOCAL_COMMANDS, REMOTE_COMMANDS));

  const entry = [...LOCAL_COMMANDS, ...REMOTE_COMMANDS].find((c) => c.name === first);
  if (!entry) throw new UsageError(`unknown command "${first}" (see: keyward --help)`);
  if (!('commands' in entry)) return runCommand(entry, rest, env);

  const [sub, ...subRest] = rest;
  if (isHelp(sub)) return printed(groupHelp(entry));
  const subs = entry.commands.map((c) => c.name.slice(entry.name.length + 1)).join(', ');
  if (sub === undefined) throw new UsageError(`missing subcommand for "keyward ${entry.name}": one of ${subs}`);
  const command = entry.commands.find((c) => c.name === `${entry.name} ${sub}`);
  if (!command) throw new UsageError(`unknown subcommand "${sub}" for "keyward ${entry.name}": one of ${subs}`);
  return runCommand(command, subRest, env);
}

async function runCommand(command: Command, argv: readonly string[], env: CommandInput['env']): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (parsed.help) return printed(commandHelp(command));
  return command.run({ args: parsed.args, flags: parsed.flags, env });
}

function printed(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

/** Prints a failure as one line on stderr and gives its exit code: 2 for bad input, else 1. */
function reportFailure(err: unknown): number {
  const [code, message] = describeFailure(err);
  process.stderr.write(`error: ${message.split('\n')[0]}\n`);
  return code;
}

function describeFailure(err: unknown): [number, string] {
  if (err instanceof UsageError) return [2, err.message];
  if (err instanceof ApiError || err instanceof KeywardError) {
    return [1, `${err.code}: ${err.message}${err.field ? ` (${err.field})` : ''}`];
  }
  // CliError and, should one escape, any other Error: its message alone, never a stack.
  if (err instanceof Error) return [1, err.message];
  return [1, String(err)];
}

// Set exitCode rather than calling process.exit, so buffered output is flushed and a
// running server (serve) keeps the process alive until its own shutdown.
let settled = false;
main(process.argv.slice(2), process.env).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (err: unknown) => {
    settled = true;
    process.exitCode = reportFailure(err);
  },
);
// A command whose promise is left pending with nothing else to wait for (a deadlock on
// the one SQLite connection, say) would otherwise end silently with exit 0.
process.once('beforeExit', () => {
  if (!settled) process.exitCode = reportFailure(new Error('the command stopped before it finished (internal error)'));
});
