/**
 * Whether what SMAPI holds already says what we want. SMAPI adds fields of its own to what it
 * stores (defaults, empty lists), so "the same" means: every value we send is there, unchanged;
 * extra fields on SMAPI's side do not count.
 */

/**
 * The paths where `actual` does not hold `desired`, e.g. `['apis.smartHome.endpoint.uri']`;
 * empty when nothing needs updating. Arrays must match element by element and in length.
 */
export function differingPaths(actual: unknown, desired: unknown, path = ''): string[] {
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual) || actual.length !== desired.length) return [path || '(root)'];
    return desired.flatMap((item, index) => differingPaths(actual[index], item, `${path}[${index}]`));
  }
  if (desired !== null && typeof desired === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [path || '(root)'];
    return Object.entries(desired).flatMap(([key, value]) => differingPaths((actual as Record<string, unknown>)[key], value, path ? `${path}.${key}` : key));
  }
  return Object.is(actual, desired) ? [] : [path || '(root)'];
}
