import { Keyward } from '@keyward/client';
import { JSON_FLAG, UsageError, type Command, type CommandInput, type FlagSpecs } from './command.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** A command that makes API calls to a running server and prints what it answers. */
export interface RemoteCommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly details?: string;
  readonly args?: readonly string[];
  readonly flags?: FlagSpecs;
  /** Makes the API call(s) and returns the JSON that `--json` prints. */
  call(api: Keyward, input: CommandInput): Promise<unknown>;
  /** The readable form of that JSON. */
  render(body: unknown): string;
  /** Exit code for a successful answer; 0 unless the command says otherwise (`keys verify`). */
  exitCode?(body: unknown): number;
}

export function remoteCommand(spec: RemoteCommandSpec): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    details: spec.details,
    args: spec.args,
    flags: { ...spec.flags, ...JSON_FLAG },
    async run(input) {
      const body = await spec.call(clientFromEnv(input.env), input);
      const text = input.flags.boolean('json') ? JSON.stringify(body, null, 2) : spec.render(body);
      process.stdout.write(`${text}\n`);
      return spec.exitCode?.(body) ?? 0;
    },
  };
}

/** A missing or malformed setting is a usage problem (exit 2), like a bad flag. */
function clientFromEnv(env: CommandInput['env']): Keyward {
  // The server's root or its API base (`…/v1`): the client accepts either.
  const baseUrl = env.KEYWARD_URL || DEFAULT_URL;
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new UsageError(`KEYWARD_URL must be an http(s) URL, got "${baseUrl}"`);
  }
  const apiKey = env.KEYWARD_API_KEY;
  if (!apiKey) throw new UsageError('KEYWARD_API_KEY is not set: export an org key (kw_org_…) or the root key (kw_root_…)');
  // One client in the repo: the CLI is a user of @keyward/client like any platform. Creates
  // are never retried by it; reads get its bounded retries.
  return new Keyward({ baseUrl, apiKey });
}
