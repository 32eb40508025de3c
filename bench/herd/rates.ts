/** Pure arithmetic of the herd: requests counted per simulated second, and the peak after recovery. */

/** Requests per whole simulated second: `bins[s]` counts the requests sent in [s, s+1) seconds. */
export class PerSecondCounter {
  readonly bins: number[] = [];

  /** Counts one request sent at `atMs` (simulated ms from the start). */
  count(atMs: number): void {
    const second = Math.floor(atMs / 1000);
    while (this.bins.length <= second) this.bins.push(0);
    this.bins[second] = (this.bins[second] ?? 0) + 1;
  }

  /** Requests counted in [fromSec, toSec). */
  total(fromSec = 0, toSec = this.bins.length): number {
    let sum = 0;
    for (let s = fromSec; s < toSec; s += 1) sum += this.bins[s] ?? 0;
    return sum;
  }
}

/** The herd's figures for one run. */
export interface HerdRates {
  /** Mean requests per second over the steady seconds before the outage. */
  readonly steadyPerSec: number;
  /** Largest requests-per-second bin from recovery to the end. */
  readonly peakPerSec: number;
  /** Second (from the start) of that peak. */
  readonly peakAtSec: number;
  readonly peakOverSteady: number;
  /** Seconds from recovery to the first second with at least 90 % of the steady rate; null if never. */
  readonly backToSteadySec: number | null;
}

/**
 * Steady rate = mean of the bins in [steadyFromSec, outageAtSec); peak = largest bin in [recoveredAtSec, endSec).
 * @throws {RangeError} when the steady interval is empty or nothing was sent in it.
 */
export function herdRates(bins: readonly number[], steadyFromSec: number, outageAtSec: number, recoveredAtSec: number, endSec: number): HerdRates {
  if (!(outageAtSec > steadyFromSec)) throw new RangeError('the steady interval is empty');
  let steady = 0;
  for (let s = steadyFromSec; s < outageAtSec; s += 1) steady += bins[s] ?? 0;
  const steadyPerSec = steady / (outageAtSec - steadyFromSec);
  if (!(steadyPerSec > 0)) throw new RangeError('no request was sent in the steady interval');
  let peakPerSec = 0;
  let peakAtSec = recoveredAtSec;
  for (let s = recoveredAtSec; s < endSec; s += 1) {
    const count = bins[s] ?? 0;
    if (count > peakPerSec) {
      peakPerSec = count;
      peakAtSec = s;
    }
  }
  let backToSteadySec: number | null = null;
  for (let s = recoveredAtSec; s < endSec && backToSteadySec === null; s += 1) {
    if ((bins[s] ?? 0) >= 0.9 * steadyPerSec) backToSteadySec = s - recoveredAtSec;
  }
  return { steadyPerSec, peakPerSec, peakAtSec, peakOverSteady: peakPerSec / steadyPerSec, backToSteadySec };
}
