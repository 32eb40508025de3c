import { createMachine } from 'xstate';
import type { ChartOfMachine } from './fromStateNode.js';
import { chartFromStateNode } from './fromStateNode.js';

type MachineConfig = Parameters<typeof createMachine>[0];

/** What safe-stable-stringify writes where it stopped (depth limit) or met a cycle. */
const PLACEHOLDERS = new Set(['[Object]', '[Array]', '[Circular]']);
const TRANSITION_KEYS = new Set(['on', 'after', 'always', 'invoke', 'onDone']);

function withoutPlaceholders(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => !PLACEHOLDERS.has(item as string)).map(withoutPlaceholders);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string' && PLACEHOLDERS.has(item)) continue;
    copy[key] = withoutPlaceholders(item);
  }
  return copy;
}

function statesOnly(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (TRANSITION_KEYS.has(key)) continue;
    copy[key] = key === 'states' && typeof item === 'object' && item !== null
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).map(([name, state]) => [name, statesOnly(state)]))
      : item;
  }
  return copy;
}

function tryChart(config: unknown): ChartOfMachine | null {
  try {
    return chartFromStateNode(createMachine(config as MachineConfig).root);
  } catch {
    return null;
  }
}

/**
 * The chart of a machine from its JSON config, as a `@statelyai/inspect` client sends it (`definition`, with
 * functions replaced by `{ type: name }` and parts beyond its depth limit by `"[Object]"`). XState itself
 * resolves the config (targets, initial states, `after` events), so the chart follows XState's own rules.
 * Parts cut by the depth limit are left out; when the transitions cannot be resolved, the chart keeps the
 * states alone. Null when even the states cannot be read, or the config has none (not a machine).
 */
export function chartFromConfig(config: unknown): ChartOfMachine | null {
  if (typeof config !== 'object' || config === null || !('states' in config)) return null;
  const cleaned = withoutPlaceholders(config);
  return tryChart(cleaned) ?? tryChart(statesOnly(cleaned));
}
