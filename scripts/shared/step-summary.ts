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
