/**
 * What every CLI command is: a name, help text, the flags it takes and a `run`.
 * Commands are data, so that parsing, help and the "bad argument" errors are written once
 * (in parse-command.ts and help.ts) instead of once per command.
 */

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Placeholder shown in help for a string flag, e.g. `NAME`. */
  readonly value?: string;
  readonly required?: boolean;
  /** Older spellings still accepted, so scripts written against them keep working; help names them. */
  readonly aliases?: readonly string[];
  /** A string flag that may be given several times (`--allow-ip A --allow-ip B`); read with `strings`. */
  readonly multiple?: boolean;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface CommandInput {
  /** Positional arguments, exactly as many as the command's `args` names. */
  readonly args: readonly string[];
  readonly flags: ParsedFlags;
  /** The process environment, passed down from main.ts (the CLI's only reader of it). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface ParsedFlags {
  string(name: string): string | undefined;
  boolean(name: string): boolean;
  /** Every value of a `multiple` flag, in order; undefined when it was not given. */
  strings(name: string): string[] | undefined;
}

export interface Command {
  /** Words after `keyward`, e.g. `keys create`. */
  readonly name: string;
  readonly summary: string;
  /** Extra paragraphs for `--help`, after the summary. */
  readonly details?: string;
  /** Names of the positional arguments, all required, e.g. `['KEY_ID']`. */
  readonly args?: readonly string[];
  readonly flags: FlagSpecs;
  /** Resolves to the process exit code. */
  run(input: CommandInput): Promise<number>;
}

/** A word with subcommands (`keys`, `projects`, `orgs`). */
export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly commands: readonly Command[];
}

/** Bad arguments: printed as one line, exit 2. */
export class UsageError extends Error {}

/**
 * A failure the user can act on (already set up, cannot reach the server): one line, exit 1.
 * `code` is what `--json` prints as `error.code`, in the API's style (UPPER_SNAKE).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 'FAILED',
  ) {
    super(message);
  }
}

/** `--json` is offered by every command that prints a result. */
export const JSON_FLAG: FlagSpecs = {
  json: { type: 'boolean', description: 'print JSON instead of a table (and a failure as {"error": {…}} on stderr)' },
};

/** Cursor pagination flags of every list command. */
export const PAGE_FLAGS: FlagSpecs = {
  limit: { type: 'string', value: 'N', description: 'items per page, 1-100 (default 20)' },
  cursor: { type: 'string', value: 'CURSOR', description: 'the next_cursor of the previous page' },
};
