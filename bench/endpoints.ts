import { EnhancedApiClient } from '../src/clients/EnhancedApiClient.js';
import { MultiEndpointClient } from '../src/endpoints/MultiEndpointClient.js';
import type { EndpointSet } from '../src/endpoints/EndpointSet.js';
import { median, round } from './stats.js';

/** Per-call cost of endpoint selection: a MultiEndpointClient against a single EnhancedApiClient, same loopback server. */
export interface EndpointsResult {
  /** Median µs per sequential `getTasks` (3 tasks) of the single client. */
  readonly singleUsPerCall: number;
  /** The same through a MultiEndpointClient of three endpoints (ordered: the primary takes every call). */
  readonly multiUsPerCall: number;
  /** (multi - single) / single, percent: the goal is <= 2. */
  readonly overheadPct: number;
  /** The selection alone (multi over clients that answer at once, minus calling those clients directly), µs per call. */
  readonly selectionUsPerCall: number;
  /** The same with `hedge: { enabled: false }` given explicitly: hedging off must cost nothing, µs per call. */
  readonly hedgeOffSelectionUsPerCall: number;
  /**
   * With hedged reads on (a fixed 1 s delay the instant answers never reach): the hedge's timer, signal and promise
   * per read, µs per call. Informative: a host that turns hedging on pays it.
   */
  readonly hedgeOnSelectionUsPerCall: number;
}

interface Caller {
  getTasks(): Promise<unknown>;
}

/** Sequential calls for `durationMs`; µs per call. */
async function usPerCall(client: Caller, durationMs: number): Promise<number> {
  let calls = 0;
  const startedAt = process.hrtime.bigint();
  const endAt = startedAt + BigInt(Math.round(durationMs * 1e6));
  while (process.hrtime.bigint() < endAt) {
    // Batches of 50 between clock reads: reading the clock costs less than a call, but not nothing.
    for (let i = 0; i < 50; i += 1) await client.getTasks();
    calls += 50;
  }
  return Number(process.hrtime.bigint() - startedAt) / 1e3 / calls;
}

/** The set: the server under three spellings of loopback, so three clients and pools, one server. */
function setOf(baseUrl: string): EndpointSet {
  const port = new URL(baseUrl).port;
  const urls = [baseUrl, `http://localhost:${port}`, `http://[::1]:${port}`];
  return { endpoints: urls.map((url) => ({ url, priority: 0, weight: 1 })), selection: 'ordered', failbackHoldDownMs: 30_000, discovery: null };
}

/** A client that answers at once: what is left of a multi-endpoint call is the selection's own work. */
class InstantClient extends EnhancedApiClient {
  protected override invoke(): Promise<never> {
    return Promise.resolve(undefined as never);
  }

  // A hedged read's leg comes this way.
  override invokeAbortable(): Promise<never> {
    return Promise.resolve(undefined as never);
  }
}

/**
 * Interleaved rounds (single, multi, then swapped) of sequential calls against the loopback bench server, median of
 * each; plus the selection's own cost measured over clients that answer without I/O.
 */
export async function runEndpoints(baseUrl: string, rounds: number, runMs: number): Promise<EndpointsResult> {
  const single = new EnhancedApiClient(baseUrl);
  const multi = new MultiEndpointClient(setOf(baseUrl));
  const instant = new InstantClient(baseUrl);
  const instantMulti = new MultiEndpointClient(setOf(baseUrl), { clientFactory: (url) => new InstantClient(url) });
  const hedgeOff = new MultiEndpointClient(setOf(baseUrl), { clientFactory: (url) => new InstantClient(url), hedge: { enabled: false } });
  const hedgeOn = new MultiEndpointClient(setOf(baseUrl), { clientFactory: (url) => new InstantClient(url), hedge: { enabled: true, delayMs: 1_000 } });
  try {
    for (const client of [single, multi, instant, instantMulti, hedgeOff, hedgeOn]) await usPerCall(client, runMs / 2);
    const singles: number[] = [];
    const multis: number[] = [];
    const selections: number[] = [];
    const offs: number[] = [];
    const ons: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const pair = i % 2 === 0 ? [single, multi] as const : [multi, single] as const;
      for (const client of pair) (client === single ? singles : multis).push(await usPerCall(client, runMs));
      const direct = await usPerCall(instant, runMs / 4);
      selections.push(await usPerCall(instantMulti, runMs / 4) - direct);
      offs.push(await usPerCall(hedgeOff, runMs / 4) - direct);
      ons.push(await usPerCall(hedgeOn, runMs / 4) - direct);
    }
    const singleUs = median(singles);
    const multiUs = median(multis);
    return {
      singleUsPerCall: round(singleUs, 1),
      multiUsPerCall: round(multiUs, 1),
      overheadPct: round(((multiUs - singleUs) / singleUs) * 100, 2),
      selectionUsPerCall: round(median(selections), 2),
      hedgeOffSelectionUsPerCall: round(median(offs), 2),
      hedgeOnSelectionUsPerCall: round(median(ons), 2),
    };
  } finally {
    await Promise.all([single.dispose(), multi.dispose(), instant.dispose(), instantMulti.dispose(), hedgeOff.dispose(), hedgeOn.dispose()]);
  }
}
