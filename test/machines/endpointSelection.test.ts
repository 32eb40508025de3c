import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { endpointSelectionMachine } from '../../machines/endpointSelection.machine.js';
import type { EndpointSelectionEmitted, EndpointSelectionInput } from '../../machines/endpoints/types.js';
import { seededRandom } from '../../machines/random.js';
import { isInvalidMachineSettingsError } from '../../machines/settingsError.js';

const primary = 'http://primary:5289';
const backup = 'http://backup:5289';

function start(input: Partial<EndpointSelectionInput> = {}) {
  const clock = new SimulatedClock();
  const actor = createActor(endpointSelectionMachine, {
    clock,
    input: {
      endpoints: [{ url: primary, priority: 0, weight: 1 }, { url: backup, priority: 1, weight: 1 }],
      mode: 'ordered', holdDownMs: 30_000, at: 0, random: seededRandom(3), ...input,
    },
  });
  const switched: EndpointSelectionEmitted[] = [];
  actor.on('endpoint.switched', (event) => switched.push(event));
  actor.start();
  const choice = () => {
    const current = actor.getSnapshot().context.choice;
    return current.kind === 'endpoint' ? current.url : null;
  };
  return { actor, clock, switched, choice };
}

describe('endpointSelectionMachine, ordered failover', () => {
  it('fails over to the backup when the primary\'s breaker opens, and says so', () => {
    const { actor, switched, choice } = start();
    expect(choice()).toBe(primary);
    actor.send({ type: 'ENDPOINT.BREAKER_OPENED', url: primary, at: 1_000 });
    expect(choice()).toBe(backup);
    expect(actor.getSnapshot().value).toEqual({ available: 'settled' });
    expect(switched).toEqual([{ type: 'endpoint.switched', from: primary, to: backup, at: 1_000 }]);
  });

  it('goes back to the primary only once it stayed healthy for the hold-down', () => {
    const { actor, clock, switched, choice } = start();
    actor.send({ type: 'ENDPOINT.BREAKER_OPENED', url: primary, at: 1_000 });
    actor.send({ type: 'ENDPOINT.BREAKER_CLOSED', url: primary, at: 2_000 });
    expect(actor.getSnapshot().value).toEqual({ available: 'holdingDown' });
    expect(choice()).toBe(backup);
    clock.increment(29_999);
    expect(choice()).toBe(backup);
    clock.increment(1);
    expect(choice()).toBe(primary);
    expect(actor.getSnapshot().value).toEqual({ available: 'settled' });
    expect(switched.map((event) => event.to)).toEqual([backup, primary]);
    expect(switched.at(-1)?.at).toBe(32_000);
  });

  it('starts the hold-down over when the primary flaps during it', () => {
    const { actor, clock, choice } = start();
    actor.send({ type: 'ENDPOINT.UNHEALTHY', url: primary, at: 1_000 });
    actor.send({ type: 'ENDPOINT.HEALTHY', url: primary, at: 2_000 });
    clock.increment(10_000);
    actor.send({ type: 'ENDPOINT.UNHEALTHY', url: primary, at: 12_000 });
    actor.send({ type: 'ENDPOINT.HEALTHY', url: primary, at: 13_000 });
    clock.increment(20_000);
    expect(choice()).toBe(backup);
    clock.increment(11_000);
    expect(choice()).toBe(primary);
  });

  it('reports none available, naming both, when every breaker is open; the first to close takes calls at once', () => {
    const { actor, choice } = start();
    actor.send({ type: 'ENDPOINT.BREAKER_OPENED', url: primary, at: 1_000 });
    actor.send({ type: 'ENDPOINT.BREAKER_OPENED', url: backup, at: 1_100 });
    expect(actor.getSnapshot().value).toBe('unavailable');
    expect(actor.getSnapshot().context.choice).toEqual({
      kind: 'none', unavailable: [{ url: primary, reason: 'breakerOpen' }, { url: backup, reason: 'breakerOpen' }],
    });
    actor.send({ type: 'ENDPOINT.BREAKER_CLOSED', url: backup, at: 5_000 });
    expect(choice()).toBe(backup);
    expect(actor.getSnapshot().context.choice).toMatchObject({ heldDown: true });
  });

  it('ignores events about unknown endpoints and empty discovery answers', () => {
    const { actor } = start();
    const before = actor.getSnapshot().context;
    actor.send({ type: 'ENDPOINT.BREAKER_OPENED', url: 'http://elsewhere', at: 1_000 });
    actor.send({ type: 'ENDPOINTS.DISCOVERED', endpoints: [], at: 1_000 });
    expect(actor.getSnapshot().context).toBe(before);
  });
});

describe('endpointSelectionMachine, balanced and discovery', () => {
  it('spreads concurrent calls by outstanding count and weight', () => {
    const { actor } = start({ mode: 'balanced', endpoints: [{ url: primary, priority: 0, weight: 2 }, { url: backup, priority: 0, weight: 1 }] });
    const sent: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const choice = actor.getSnapshot().context.choice;
      if (choice.kind !== 'endpoint') throw new Error('expected an endpoint');
      sent.push(choice.url);
      actor.send({ type: 'CALL.STARTED', url: choice.url, at: i });
    }
    expect(sent.filter((url) => url === primary)).toHaveLength(4);
    expect(actor.getSnapshot().context.endpoints.map((e) => e.outstanding)).toEqual([4, 2]);
    actor.send({ type: 'CALL.ENDED', url: backup, at: 10 });
    actor.send({ type: 'CALL.ENDED', url: backup, at: 11 });
    actor.send({ type: 'CALL.ENDED', url: backup, at: 12 });
    expect(actor.getSnapshot().context.endpoints.map((e) => e.outstanding)).toEqual([4, 0]);
  });

  it('keeps what it knows of endpoints discovery lists again, adds new ones, drops missing ones', () => {
    const { actor, choice } = start();
    actor.send({ type: 'ENDPOINT.BREAKER_OPENED', url: primary, at: 1_000 });
    actor.send({ type: 'ENDPOINTS.DISCOVERED', at: 2_000, endpoints: [{ url: primary, priority: 0, weight: 1 }, { url: 'http://new:5289', priority: 0, weight: 1 }] });
    expect(actor.getSnapshot().context.endpoints.map((e) => [e.url, e.breakerOpen])).toEqual([[primary, true], ['http://new:5289', false]]);
    expect(choice()).toBe('http://new:5289');
  });

  it('refuses to start without endpoints, with a repeated URL, or with a negative hold-down', () => {
    // XState catches a throwing context factory: the actor starts in error, with the error in its snapshot.
    const thrown = (input: Partial<EndpointSelectionInput>): unknown =>
      createActor(endpointSelectionMachine, { input: { endpoints: [{ url: primary, priority: 0, weight: 1 }], mode: 'ordered', holdDownMs: 0, at: 0, ...input } })
        .getSnapshot().error ?? null;
    expect(thrown({})).toBeNull();
    expect(isInvalidMachineSettingsError(thrown({ endpoints: [] }))).toBe(true);
    expect(isInvalidMachineSettingsError(thrown({ endpoints: [{ url: primary, priority: 0, weight: 1 }, { url: primary, priority: 1, weight: 1 }] }))).toBe(true);
    expect(isInvalidMachineSettingsError(thrown({ holdDownMs: -1 }))).toBe(true);
  });
});
