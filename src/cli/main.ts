#!/usr/bin/env node
import { KeywardError } from '../core/errors.js';
import { KeywardError as ClientError } from '@keyward/client';
import { CliError, UsageError, type Command, type CommandInput } from './command.js';
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

/**
 * Prints a failure on stderr and gives its exit code: 2 for bad input, else 1. One line
 * `error: …` for people; with `--json` anywhere among the arguments, the API's error body
 * `{"error": {"code", "message", "field"?, "request_id"?}}` on one line instead, so a
 * script parses failures the way it parses results. Either way stdout stays empty.
 */
function reportFailure(err: unknown, json: boolean): number {
  const failure = describeFailure(err);
  const message = failure.message.split('\n')[0] ?? '';
  if (json) {
    const { code, field, requestId } = failure;
    const error = { code, message, ...(field ? { field } : {}), ...(requestId ? { request_id: requestId } : {}) };
    process.stderr.write(`${JSON.stringify({ error })}\n`);
  } else {
    const where = failure.field && failure.apiCode ? ` (${failure.field})` : '';
    process.stderr.write(`error: ${failure.apiCode ? `${failure.code}: ` : ''}${message}${where}\n`);
  }
  return failure.exitCode;
}

interface Failure {
  readonly exitCode: number;
  readonly code: string;
  /** True when `code` comes from the API or the core, and so belongs in the one-line form too. */
  readonly apiCode: boolean;
  readonly message: string;
  readonly field?: string | undefined;
  readonly requestId?: string | undefined;
}

function describeFailure(err: unknown): Failure {
  if (err instanceof UsageError) return { exitCode: 2, code: 'USAGE', apiCode: false, message: err.message };
  if (err instanceof ClientError) {
    // The server could not be reached at all: the CLI's own failure, not an API answer.
    if (err.code === 'UNAVAILABLE' && err.status === undefined)
      return { exitCode: 1, code: 'UNREACHABLE', apiCode: false, message: err.message };
    return { exitCode: 1, code: err.code, apiCode: true, message: err.message, field: err.field, requestId: err.requestId };
  }
  if (err instanceof KeywardError) return { exitCode: 1, code: err.code, apiCode: true, message: err.message, field: err.field };
  if (err instanceof CliError) return { exitCode: 1, code: err.code, apiCode: false, message: err.message };
  // Should any other Error escape: its message alone, never a stack.
  return { exitCode: 1, code: 'FAILED', apiCode: false, message: err instanceof Error ? err.message : String(err) };
}

/** `--json` among the arguments (before a `--`), whether or not they parse. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

// Set exitCode rather than calling process.exit, so buffered output is flushed and a
// running server (serve) keeps the process alive until its own shutdown.
let settled = false;
const argv = process.argv.slice(2);
main(argv, process.env).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (err: unknown) => {
    settled = true;
    process.exitCode = reportFailure(err, wantsJson(argv));
  },
);
// A command whose promise is left pending with nothing else to wait for (a deadlock on
// the one SQLite connection, say) would otherwise end silently with exit 0.
process.once('beforeExit', () => {
  if (!settled) process.exitCode = reportFailure(new Error('the command stopped before it finished (internal error)'), wantsJson(argv));
});
