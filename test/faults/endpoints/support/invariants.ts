import { expect } from 'vitest';
import type { EndpointScenarioResult } from './endpointScenario.js';

/**
 * What every endpoint fault must keep: the run went through; every task stored once and terminal exactly once in
 * the servers' own status history; nothing lost, nothing applied twice; no lock left; no unhandled rejection; no
 * socket or timer left after dispose.
 */
export function expectEndpointInvariants(result: EndpointScenarioResult): void {
  expect(result.problems, 'the run went through').toEqual([]);
  expect(result.createFailures, 'every task was created').toEqual([]);
  expect(result.findings, 'the audit of the server history found nothing').toEqual([]);
  expect(result.stored, 'tasks stored').toBe(result.tasks);
  expect(result.terminalOnce, 'tasks terminal exactly once').toBe(result.tasks);
  expect(result.createdTwice, 'tasks created twice').toBe(0);
  expect(result.lost, 'tasks lost').toBe(0);
  expect(result.duplicated, 'tasks duplicated').toBe(0);
  expect(result.locksLeft, 'file locks still held').toBe(0);
  expect(result.unhandledReasons, 'unhandled rejections').toEqual([]);
  expect({ sockets: result.socketsLeft, timers: result.timersLeft }, 'sockets and timers left after dispose').toEqual({ sockets: 0, timers: 0 });
}

/** One line of the scenario's figures on stdout (docs/RELIABILITY.md quotes them): nothing is asserted on it. */
export function printFigures(result: EndpointScenarioResult): void {
  const { fault, tasks, terminalOnce, lost, duplicated, callsPerEndpoint, breakerOpeningsPerEndpoint, endpointSwitches, figures } = result;
  const byIndex = (record: Record<string, number>) => result.endpoints.map((url) => record[url] ?? 0);
  process.stdout.write(`[endpoint fault] ${fault}: ${terminalOnce}/${tasks} terminal once, lost ${lost}, duplicated ${duplicated}, `
    + `calls per server ${JSON.stringify(byIndex(callsPerEndpoint))}, breaker openings per server ${JSON.stringify(byIndex(breakerOpeningsPerEndpoint))}, `
    + `switches ${endpointSwitches}, ${JSON.stringify(figures)}\n`);
}
