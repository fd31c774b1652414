/**
 * Where a user finds the bootstrap command at any time, for every message that ends in "run the
 * bootstrap command": the Deploy workflow's settings job writes it to every run's summary (folded
 * once config/deploy.yaml has account_id), and `npm run setup-summary` prints it.
 */
export const BOOTSTRAP_COMMAND_WHERE =
  'the bootstrap command is in the summary of every Deploy run (Actions → Deploy → a run → "The bootstrap command"; paste it into AWS CloudShell in your region), or npm run setup-summary prints it';
