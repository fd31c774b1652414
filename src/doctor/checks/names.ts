/** Friendly names Alexa cannot tell apart: the same name twice, or one name inside another. */

export interface NameProblems {
  /** Names used by more than one endpoint, with how many. */
  readonly duplicates: readonly { name: string; count: number }[];
  /** Pairs where the first name is a whole-word part of the second ("Kitchen" in "Kitchen Light"). */
  readonly contained: readonly [string, string][];
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Compares at most a few hundred names (Alexa's 300), so the pairwise pass stays small. */
export function findNameProblems(names: readonly string[]): NameProblems {
  const groups = new Map<string, { name: string; count: number }>();
  for (const name of names) {
    const key = normalize(name);
    if (key === '') continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { name, count: 1 });
    else group.count += 1;
  }
  const duplicates = [...groups.values()].filter((group) => group.count > 1);
  const keys = [...groups.keys()];
  const contained: [string, string][] = [];
  for (const inner of keys) {
    for (const outer of keys) {
      if (inner !== outer && ` ${outer} `.includes(` ${inner} `)) {
        contained.push([groups.get(inner)?.name ?? inner, groups.get(outer)?.name ?? outer]);
      }
    }
  }
  return { duplicates, contained };
}
