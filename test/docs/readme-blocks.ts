import { readFileSync } from 'node:fs';

/** The repository's README, as a newcomer reads it. */
export const README_URL = new URL('../../README.md', import.meta.url);

export function readReadme(): string {
  return readFileSync(README_URL, 'utf8');
}

/**
 * The body of the first fenced code block of `language` under the `## heading` (matched by
 * its start), so a test runs exactly what a reader pastes. Throws when there is none: a
 * renamed section must fail its test, not make it vacuous.
 */
export function codeBlockUnder(markdown: string, heading: string, language = 'bash'): string {
  const start = markdown.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const nextSection = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, nextSection < 0 ? undefined : nextSection);
  const block = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'm').exec(section)?.[1];
  if (block === undefined) throw new Error(`README's "## ${heading}" has no \`\`\`${language} block`);
  return block;
}
