import { expect, inject } from 'vitest';
import type { FaultRunResult } from './faultRun.js';
import type { ScenarioResult } from './scenario.js';
import { rowOf, writeRow } from './table.js';

/** Writes the scenario's row for the table printed at the end of the run. */
export function recordRow(result: ScenarioResult, notes: string): void {
  writeRow(inject('faultRowsDir'), rowOf(result, notes));
}

/**
 * What every fault run must keep, whatever its servers: the run went through; every task created, stored once and
 * terminal exactly once in the server's own status history; nothing lost (what each node believes it delivered is
 * what the server holds), nothing applied twice; no file lock left held; no unhandled rejection; no socket or timer
 * left after dispose.
 */
export function expectRunInvariants(result: FaultRunResult): void {
  expect(result.problems, 'the run went through').toEqual([]);
  expect(result.createFailures, 'every createTask call succeeded').toEqual([]);
  expect(result.findings, 'the audit of the server history found nothing').toEqual([]);
  expect(result.stored, 'tasks stored').toBe(result.tasks);
  expect(result.terminalOnce, 'tasks terminal exactly once').toBe(result.tasks);
  expect(result.createdTwice, 'tasks created twice').toBe(0);
  expect(result.lost, 'updates lost').toBe(0);
  expect(result.duplicated, 'updates applied twice').toBe(0);
  expect(result.locksLeft, 'file locks still held after the nodes stopped').toBe(0);
  expect(result.unhandledReasons, 'unhandled rejections').toEqual([]);
  expect({ sockets: result.socketsLeft, timers: result.timersLeft }, 'sockets and timers left after dispose').toEqual({ sockets: 0, timers: 0 });
}

/** The run's invariants ({@link expectRunInvariants}), and every node's link healthy at the end. */
export function expectInvariants(result: ScenarioResult): void {
  expectRunInvariants(result);
  expect(result.nodesBackHealthy, 'nodes healthy at the end').toBe(result.nodes.length);
}
