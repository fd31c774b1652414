import type { Capability, DirectiveHandler } from './types.js';

/**
 * Builds the `Namespace.Name` → handler map once, refusing duplicates, so two capability files can
 * never silently answer the same directive.
 */
export function buildRegistry(capabilities: readonly Capability[]): ReadonlyMap<string, DirectiveHandler> {
  const registry = new Map<string, DirectiveHandler>();
  for (const capability of capabilities) {
    for (const [name, handler] of Object.entries(capability.directives)) {
      const key = `${capability.namespace}.${name}`;
      if (registry.has(key)) throw new Error(`Two capabilities answer ${key}; each directive needs exactly one handler`);
      registry.set(key, handler);
    }
  }
  return registry;
}
