/**
 * Child-process entry of the herd (it replaces axios's default adapter, so it runs apart from the real-socket
 * sections): `node --import tsx bench/herd/main.ts '<scenario JSON>' <variant>...`. Prints one JSON line per
 * variant as it finishes.
 */
import { herdVariants, runHerd } from './herdSim.js';
import type { HerdScenario, HerdVariantName } from './herdSim.js';

const [scenarioText, ...names] = process.argv.slice(2);
const scenario = JSON.parse(scenarioText ?? '{}') as Partial<HerdScenario>;
const keys = ['clients', 'periodMs', 'steadySec', 'outageSec', 'afterSec', 'seed'] as const;
const missing = keys.filter((key) => typeof scenario[key] !== 'number' || !Number.isFinite(scenario[key]));
if (missing.length > 0) throw new TypeError(`herd scenario: ${missing.join(', ')} must be finite numbers, got ${scenarioText ?? 'nothing'}`);
for (const name of names) {
  if (!(name in herdVariants)) throw new Error(`unknown herd variant "${name}" (known: ${Object.keys(herdVariants).join(', ')})`);
  const result = await runHerd(name as HerdVariantName, scenario as HerdScenario);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
