import type { StateValueJson } from '../../src/inspect/protocol.js';

function leaves(value: StateValueJson, prefix: string, into: string[]): void {
  if (typeof value === 'string') {
    into.push(prefix === '' ? value : `${prefix}.${value}`);
    return;
  }
  for (const [key, sub] of Object.entries(value)) leaves(sub, prefix === '' ? key : `${prefix}.${key}`, into);
}

/**
 * A state value as one line: `open`, or the active leaf paths of a nested or parallel value joined by ` | `
 * (`client.enhanced.active | link.healthy`). `fallback` (the actor's status) when there is no value.
 */
export function valueText(value: StateValueJson | null, fallback: string): string {
  if (value === null) return fallback;
  const paths: string[] = [];
  leaves(value, '', paths);
  return paths.length === 0 ? fallback : paths.join(' | ');
}
