/**
 * The throughput goals by answer size, beside which the report prints its figures. They are reported as met or
 * not; they never fail the bench (on a shared or busy machine a ratio says little).
 */

/** The goal names 3, 100 and 1000 tasks; an answer under 100 tasks is held to the small-answer goal. */
const largeAnswerFrom = 100;

/** Enhanced ops/s over raw axios ops/s the goal asks for at an answer of `size` tasks: 0.95 small, 0.90 large. */
export function enhancedVsRawAxiosTarget(size: number): number {
  return size < largeAnswerFrom ? 0.95 : 0.9;
}

/** How far manager.client may be from the Enhanced client it wraps, either way: the facade should cost nothing. */
export const managerVsEnhancedTolerance = 0.03;

/** The Enhanced goal in words, for the report and the JSON `goals`. */
export const enhancedVsRawAxiosGoalText = `>= ${enhancedVsRawAxiosTarget(3)} at 3 tasks, >= ${enhancedVsRawAxiosTarget(largeAnswerFrom)} at 100 and 1000 tasks, at every concurrency`;

/** The manager goal in words. */
export const managerVsEnhancedGoalText = `within ${managerVsEnhancedTolerance * 100} % of enhanced (${1 - managerVsEnhancedTolerance} .. ${1 + managerVsEnhancedTolerance}), at every size and concurrency`;

/** Whether an Enhanced / raw axios ratio meets the goal at `size` tasks. */
export function enhancedVsRawAxiosMet(size: number, ratio: number): boolean {
  return ratio >= enhancedVsRawAxiosTarget(size);
}

/**
 * Whether a manager / Enhanced ratio is within the tolerance. Both ways: manager well above Enhanced means the
 * two runs did not measure the same thing (they run the same client code), not that the facade is fast.
 */
export function managerVsEnhancedMet(ratio: number): boolean {
  // Rounded so that a ratio reported as 0.970 is met, whatever float error 1 - 0.03 carries.
  return Math.round(Math.abs(ratio - 1) * 1e6) <= Math.round(managerVsEnhancedTolerance * 1e6);
}
