import net from 'node:net';
import { BrokenCircuitError as CockatielBrokenCircuitError, circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';
import CircuitBreaker from 'opossum';
import { EnhancedApiClient } from '../src/clients/EnhancedApiClient.js';
import { isBrokenCircuitError } from '../src/errors/BrokenCircuitError.js';
import { median } from './stats.js';
import { rawAxios } from './throughput/variants.js';

/** A caller facing an open circuit: `call` must reject at once, `isRefusal` recognises the refusal. */
interface OpenCircuit {
  readonly name: FailFastName;
  call(): Promise<unknown>;
  isRefusal(error: unknown): boolean;
  dispose(): Promise<void>;
}

export const failFastNames = ['enhancedIsolated', 'enhancedTripped', 'cockatiel', 'opossum'] as const;
export type FailFastName = (typeof failFastNames)[number];

/** Rejections per second (median over rounds), by variant. */
export type FailFastResult = Record<FailFastName, number>;

const BATCH = 1000;

/** A loopback port nothing listens on: connections to it are refused at once. */
async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function openCircuits(baseUrl: string): Promise<OpenCircuit[]> {
  const isolated = new EnhancedApiClient(baseUrl);
  isolated.isolate();

  // Tripped the honest way: five refused connections in a row open the breaker for its 30 s break.
  const tripped = new EnhancedApiClient(`http://127.0.0.1:${await refusedPort()}`, { connection: { maxRetryAttempts: 0 } });
  for (let i = 0; i < 5; i += 1) await tripped.getTasks().catch(() => undefined);
  if (tripped.circuitState !== 'open') throw new Error(`the tripped client's breaker is ${tripped.circuitState}, not open`);

  const cockatielAxios = rawAxios(baseUrl);
  const cockatielBreaker = circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) });
  const isolation = cockatielBreaker.isolate();

  const opossumAxios = rawAxios(baseUrl);
  const opossum = new CircuitBreaker(async () => (await opossumAxios.instance.get<unknown>('api/tasks')).data, { timeout: 30_000, resetTimeout: 30_000 });
  opossum.open();

  return [
    { name: 'enhancedIsolated', call: () => isolated.getTasks(), isRefusal: isBrokenCircuitError, dispose: () => isolated.dispose() },
    { name: 'enhancedTripped', call: () => tripped.getTasks(), isRefusal: isBrokenCircuitError, dispose: () => tripped.dispose() },
    {
      name: 'cockatiel',
      call: () => cockatielBreaker.execute(async () => (await cockatielAxios.instance.get<unknown>('api/tasks')).data),
      isRefusal: (error) => error instanceof CockatielBrokenCircuitError,
      dispose: () => {
        isolation.dispose();
        cockatielAxios.agent.destroy();
        return Promise.resolve();
      },
    },
    {
      name: 'opossum',
      call: () => opossum.fire(),
      isRefusal: (error) => (error as { code?: unknown } | null)?.code === 'EOPENBREAKER',
      dispose: () => {
        opossum.shutdown();
        opossumAxios.agent.destroy();
        return Promise.resolve();
      },
    },
  ];
}

/** Calls `circuit` in batches of 1,000 for `durationMs`; the refusals per second. Throws if a call got through. */
async function refusalsPerSecond(circuit: OpenCircuit, durationMs: number): Promise<number> {
  let refused = 0;
  let other: Error | undefined;
  const onError = (error: unknown) => {
    if (circuit.isRefusal(error)) refused += 1;
    else other ??= new Error(`${circuit.name}: a call failed with something else than a refusal`, { cause: error });
  };
  const onValue = () => {
    other ??= new Error(`${circuit.name}: a call went through an open circuit`);
  };
  const startedAt = process.hrtime.bigint();
  const endAt = startedAt + BigInt(Math.round(durationMs * 1e6));
  const pending: Promise<void>[] = new Array<Promise<void>>(BATCH);
  while (process.hrtime.bigint() < endAt) {
    for (let i = 0; i < BATCH; i += 1) pending[i] = circuit.call().then(onValue, onError);
    await Promise.all(pending);
    if (other !== undefined) throw other;
  }
  return refused / (Number(process.hrtime.bigint() - startedAt) / 1e9);
}

/**
 * Rejections per second of calls refused by an open circuit: the Enhanced client isolated by hand and tripped
 * by refused connections, cockatiel's isolated breaker and opossum's opened one (each wrapping raw axios).
 * Interleaved rounds, median reported.
 */
export async function runFailFast(baseUrl: string, rounds: number, runMs: number): Promise<FailFastResult> {
  const circuits = await openCircuits(baseUrl);
  try {
    for (const circuit of circuits) await refusalsPerSecond(circuit, runMs / 2);
    const rates = new Map<FailFastName, number[]>(circuits.map((circuit) => [circuit.name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (let i = 0; i < circuits.length; i += 1) {
        const circuit = circuits[(i + round) % circuits.length] as OpenCircuit;
        rates.get(circuit.name)?.push(await refusalsPerSecond(circuit, runMs));
      }
    }
    const result = {} as FailFastResult;
    for (const [name, list] of rates) result[name] = Math.round(median(list));
    return result;
  } finally {
    await Promise.all(circuits.map((circuit) => circuit.dispose()));
  }
}
