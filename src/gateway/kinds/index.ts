/**
 * The request kinds the Lambda answers, asked in this order. A new kind is one file beside these
 * (a {@link RequestKindEntry}) and one line here; `route.ts` does not change.
 */
import { customSkillKind } from './custom-skill.js';
import { diagnosticsKind } from './diagnostics.js';
import { ingestKind } from './ingest.js';
import { requestKinds, type RequestKindEntry } from './kind.js';
import { smartHomeKind } from './smart-home.js';

export const KIND_ENTRIES: readonly RequestKindEntry[] = [
  smartHomeKind,
  customSkillKind,
  diagnosticsKind,
  ingestKind,
];

export const REQUEST_KINDS = requestKinds(KIND_ENTRIES);
