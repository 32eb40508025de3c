import { redactKnownSecrets } from '../util/redact/secretValues.js';
import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** `vcconn demo --scenario <name>` named a scenario the demo does not have. Nothing was started. */
export class UnknownScenarioError extends VcconnError {
  readonly code = 'ERR_UNKNOWN_SCENARIO';
  /** The name given. */
  readonly scenario: string;
  /** The scenarios the demo has, in the order of its help. */
  readonly known: readonly string[];

  constructor(scenario: string, known: readonly string[]) {
    super(`unknown demo scenario "${redactKnownSecrets(scenario)}"; known scenarios: ${known.join(', ')}`);
    this.scenario = redactKnownSecrets(scenario);
    this.known = [...known];
  }
}

/** True when `value` is an {@link UnknownScenarioError}. */
export function isUnknownScenarioError(value: unknown): value is UnknownScenarioError {
  return value instanceof UnknownScenarioError || hasCode(value, 'ERR_UNKNOWN_SCENARIO');
}
