import { appendFileSync } from 'node:fs';

/**
 * Appends Markdown to the GitHub Actions job summary when the script runs in a workflow
 * (`GITHUB_STEP_SUMMARY` names the file); does nothing elsewhere.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#adding-a-job-summary
 * @returns whether a summary was written
 */
export function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, `${markdown.trimEnd()}\n\n`);
  return true;
}

/**
 * Whether a job summary may name devices, the Home Assistant address and setting values. In a
 * public repository anyone can read the summaries, so only `REPOSITORY_PRIVATE=true` (the workflow
 * passes `github.event.repository.private`; GitHub sets no variable for it) shows them; missing
 * means public.
 */
export function summaryShowsDetails(env: NodeJS.ProcessEnv): boolean {
  return env.REPOSITORY_PRIVATE?.trim().toLowerCase() === 'true';
}

/**
 * Whether a script's log may name devices. A public repository's Actions logs are as public as its
 * summaries; on your computer (no `GITHUB_ACTIONS`) the log is yours.
 */
export function logShowsDetails(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS !== 'true' || summaryShowsDetails(env);
}

/** What a public repository's log prints instead of the device list. */
export const DEVICES_HIDDEN_IN_LOG = 'Device names are left out of the log in a public repository: run npm run invoke-discovery on your computer to see them.';

/** What a public repository's summary says instead of the details. */
export const DETAILS_HIDDEN = '_Devices, the Home Assistant address and setting values: details only in private repositories (`REPOSITORY_PRIVATE=true`)._';

/** Markdown collapsed under `summary`, opened with a click. */
export function collapsed(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body.trim()}\n\n</details>`;
}
