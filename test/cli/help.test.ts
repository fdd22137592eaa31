import { describe, expect, it } from 'vitest';
import { LOCAL_COMMANDS, REMOTE_COMMANDS } from '../../src/cli/command-list.js';
import type { Command } from '../../src/cli/command.js';
import { commandHelp } from '../../src/cli/help.js';
import { CLI_TEST_TIMEOUT, runCli } from './cli-process.js';

const ALL_COMMANDS: Command[] = [...LOCAL_COMMANDS, ...REMOTE_COMMANDS].flatMap((c) => ('commands' in c ? c.commands : [c]));

describe('keyward --help', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('says what keyward does and lists every command', async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('self-hostable API keys');
    for (const name of ['serve', 'init', 'migrate', 'admin-key', 'root-key', 'copy', 'orgs', 'projects', 'keys', 'audit', 'whoami']) {
      expect(stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
  });

  it('lists the subcommands of a group', async () => {
    const { code, stdout } = await runCli(['keys', '--help']);
    expect(code).toBe(0);
    for (const sub of ['create', 'list', 'get', 'update', 'roll', 'revoke', 'verify']) {
      expect(stdout).toMatch(new RegExp(`^  ${sub} +\\S`, 'm'));
    }
  });

  it('describes a subcommand and its flags, even when its required flags are missing', async () => {
    const { code, stdout } = await runCli(['keys', 'create', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('keyward keys create: mint a project key');
    expect(stdout).toContain('Usage: keyward keys create --name NAME [flags]');
    for (const flag of [
      '--project PROJECT_ID',
      '--org-key',
      '--roles A,B',
      '--expires-at TIME',
      '--metadata JSON',
      '--rate-limit LIMIT/WINDOW_MS',
      '--json',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('names the older spelling a flag still accepts', async () => {
    const { code, stdout } = await runCli(['keys', 'list', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}--org-key +list the org keys instead \(also accepted: --org\)$/m);
  });

  it('describes the recovery commands, saying they never create a database', async () => {
    const { code, stdout } = await runCli(['admin-key', 'create', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: keyward admin-key create --org ID|NAME [flags]');
    expect(stdout).toContain('never creates one');
    const rotate = await runCli(['root-key', 'rotate', '--help']);
    expect(rotate.code).toBe(0);
    expect(rotate.stdout).toContain('keyward root-key rotate: mint a new root key and revoke every previous one');
  });

  it('describes a top-level command', async () => {
    const { code, stdout } = await runCli(['init', '-h']);
    expect(code).toBe(0);
    expect(stdout).toContain('keyward init: set up an empty database');
    expect(stdout).toContain('--org NAME');
  });

  // In-process, over the whole command list: a new flag cannot be left out of its help.
  it.each(ALL_COMMANDS.map((c) => [c.name, c] as const))('help of "%s" lists every flag and argument', (_name, command) => {
    const help = commandHelp(command);
    expect(help).toContain(`keyward ${command.name}: ${command.summary}`);
    for (const flag of Object.keys(command.flags)) expect(help).toContain(`--${flag}`);
    for (const arg of command.args ?? []) expect(help).toContain(arg);
  });
});
