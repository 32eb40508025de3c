import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { Coverage } from './coverage.js';
import type { MachineModel } from './model.js';
import { modelPaths } from './model.js';
import type { SuiteResult } from './replay.js';
import { runSuite } from './replay.js';

/** A machine with one planted bug, and what it is. */
export type Mutant = readonly [description: string, machine: AnyStateMachine];

/**
 * The model-based suite of one machine: replay every path against the real machine, require 100% state and
 * transition coverage (printing `<machine>: states covered X/Y, transitions covered A/B`), and require the same
 * replay to fail against each planted mutant.
 */
export function describeModel(title: string, model: MachineModel, mutants: readonly Mutant[]): void {
  describe(title, () => {
    const coverage = new Coverage(model.name, model.machine);
    const paths = modelPaths(model);
    let result: SuiteResult;

    beforeAll(async () => {
      result = await runSuite(model, model.machine, paths, { coverage });
    }, 300_000);

    it('replays every path of its graph on SimulatedClock, agreeing with the pure reference at every step', () => {
      expect(result.paths).toBe(paths.length);
      expect(result.failures).toEqual([]);
    });

    it('covers every state and every transition branch (100%)', () => {
      console.log(`${model.name}: replayed ${result.paths} paths, ${result.steps} steps`);
      console.log(coverage.line());
      expect(coverage.missing()).toEqual([]);
    });

    it.each(mutants)('fails against a planted mutant: %s', async (description, mutant) => {
      const mutantResult = await runSuite(model, mutant, paths, { stopAtFirstFailure: true });
      expect(mutantResult.failures.length).toBeGreaterThan(0);
      const caughtBy = mutantResult.failures[0] ?? '';
      console.log(`${model.name} mutant "${description}" caught by ${caughtBy.length > 400 ? `${caughtBy.slice(0, 400)}...` : caughtBy}`);
    }, 300_000);
  });
}
