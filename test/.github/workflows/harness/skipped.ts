/**
 * Commands the rehearsal does not run, and why. A step is skipped only when its whole `run:` is one
 * of them; a skipped command combined with anything else in one step fails the rehearsal, so no
 * real work hides behind a skip.
 */
export const SKIPPED_COMMANDS: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^npm ci( --ignore-scripts)?$/, why: 'installs dependencies: the working copy links the installed node_modules' },
  { pattern: /^npm (test|t)(\s|$)|^npm run test(\s|$)/, why: 'the rehearsal itself runs inside npm test' },
  { pattern: /^npm run (lint|typecheck|lint:workflows)(\s|$)/, why: 'static checks, run by npm run lint and CI, not part of what a deploy does' },
  { pattern: /^pipx install(\s|$)/, why: 'installs a Python linter from PyPI (no network here)' },
];

/** The commands of a run block: comments and blank lines dropped, split at newlines, ;, &&, || and |. */
export function commandsOf(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .split(/\n|;|&&|\|\||\|/)
    .map((command) => command.trim())
    .filter(Boolean);
}

/**
 * Why the step is skipped, or undefined when it must run.
 * @throws when a skipped command is combined with other commands in one step
 */
export function skipReason(script: string): string | undefined {
  const commands = commandsOf(script);
  const matched = commands.map((command) => ({ command, rule: SKIPPED_COMMANDS.find((rule) => rule.pattern.test(command)) }));
  const skipped = matched.filter((entry) => entry.rule !== undefined);
  if (skipped.length === 0) return undefined;
  if (commands.length > 1) {
    throw new Error(`a step combines a command the rehearsal skips (${skipped.map((entry) => entry.command).join(', ')}) with others; give it a step of its own:\n${script}`);
  }
  return `skipped \`${skipped[0]?.command ?? ''}\`: ${skipped[0]?.rule?.why ?? ''}`;
}
