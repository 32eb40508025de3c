import type { EndpointScenarioResult } from './endpointScenario.js';

/** One line of the scenario's figures on stdout (docs/RELIABILITY.md quotes them): nothing is asserted on it. */
export function printFigures(result: EndpointScenarioResult): void {
  const { fault, tasks, terminalOnce, lost, duplicated, callsPerEndpoint, breakerOpeningsPerEndpoint, endpointSwitches, figures } = result;
  const byIndex = (record: Record<string, number>) => result.endpoints.map((url) => record[url] ?? 0);
  process.stdout.write(`[endpoint fault] ${fault}: ${terminalOnce}/${tasks} terminal once, lost ${lost}, duplicated ${duplicated}, `
    + `calls per server ${JSON.stringify(byIndex(callsPerEndpoint))}, breaker openings per server ${JSON.stringify(byIndex(breakerOpeningsPerEndpoint))}, `
    + `switches ${endpointSwitches}, ${JSON.stringify(figures)}\n`);
}
