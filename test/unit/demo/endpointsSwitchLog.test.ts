import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { endpointSelectionMachine } from '../../../machines/endpointSelection.machine.js';
import { causeOf, SelectionCauses } from '../../../src/demo/endpoints/switchCause.js';
import type { SwitchCause } from '../../../src/demo/endpoints/switchCause.js';
import { SwitchNarrator } from '../../../src/demo/endpoints/switchNarrator.js';

const [A, B, C] = ['http://127.0.0.1:5001', 'http://127.0.0.1:5002', 'http://127.0.0.1:5003'] as const;
const NAMES: Record<string, string> = { [A]: 'server-1', [B]: 'server-2', [C]: 'server-3' };

/** A fleet whose servers in `down` are down. */
function fleet(down: Set<string>) {
  return { nameOf: (url: string | null) => (url === null ? 'no server' : NAMES[url] ?? url), isDown: (url: string) => down.has(url) };
}

const opened = (url: string): SwitchCause => ({ kind: 'breakerOpened', url });
const admits = (url: string): SwitchCause => ({ kind: 'breakerAdmits', url });

describe('the endpoints scenario: the cause of a switch', () => {
  it.each([
    [{ type: 'ENDPOINT.BREAKER_OPENED', url: A }, { kind: 'breakerOpened', url: A }],
    [{ type: 'ENDPOINT.BREAKER_CLOSED', url: A }, { kind: 'breakerAdmits', url: A }],
    [{ type: 'ENDPOINT.UNHEALTHY', url: B }, { kind: 'unhealthy', url: B }],
    [{ type: 'ENDPOINT.HEALTHY', url: B }, { kind: 'healthy', url: B }],
    [{ type: 'xstate.after.holdDown.endpointSelection.available.holdingDown' }, { kind: 'holdDownPassed' }],
    [{ type: 'ENDPOINTS.DISCOVERED', endpoints: [] }, { kind: 'other' }],
  ])('reads %o as %o', (event, cause) => {
    expect(causeOf(event)).toEqual(cause);
  });

  it('is, when the selection machine emits endpoint.switched, the event it was taking (call counts skipped)', () => {
    const causes = new SelectionCauses();
    const seen: { to: string | null; cause: SwitchCause }[] = [];
    const endpoints = [A, B, C].map((url) => ({ url, priority: 0, weight: 1 }));
    const selection = createActor(endpointSelectionMachine, { input: { endpoints, mode: 'ordered', holdDownMs: 0, at: 0 }, inspect: causes.observe });
    selection.on('endpoint.switched', ({ to }) => seen.push({ to, cause: causes.last() }));
    selection.start();
    selection.send({ type: 'CALL.STARTED', url: A, at: 1 });
    selection.send({ type: 'ENDPOINT.BREAKER_OPENED', url: A, at: 2 });
    selection.send({ type: 'CALL.STARTED', url: B, at: 3 });
    selection.send({ type: 'ENDPOINT.UNHEALTHY', url: B, at: 4 });
    selection.send({ type: 'ENDPOINT.BREAKER_CLOSED', url: A, at: 5 });
    selection.stop();
    expect(seen).toEqual([
      { to: B, cause: { kind: 'breakerOpened', url: A } },
      { to: C, cause: { kind: 'unhealthy', url: B } },
      { to: A, cause: { kind: 'breakerAdmits', url: A } },
    ]);
  });
});

describe('the endpoints scenario: the switch log', () => {
  it('tells a failover in one line: from, to and why', () => {
    const narrator = new SwitchNarrator(fleet(new Set([A])), 2);
    expect(narrator.switched({ nodeId: 'node-1', from: A, to: B, cause: opened(A) }))
      .toEqual(["node-1: calls now go to server-2 (were on server-1): server-1's breaker opened (its calls failed)"]);
    expect(narrator.switched({ nodeId: 'node-1', from: B, to: C, cause: { kind: 'unhealthy', url: B } }))
      .toEqual(['node-1: calls now go to server-3 (were on server-2): server-2 failed its health check']);
  });

  it('tells a failback after the hold-down, and no server at all', () => {
    const narrator = new SwitchNarrator(fleet(new Set()), 2);
    expect(narrator.switched({ nodeId: 'node-2', from: C, to: A, cause: { kind: 'holdDownPassed' } }))
      .toEqual(['node-2: calls now go to server-1 (were on server-3): server-1 stayed available through the 2 s hold-down']);
    expect(narrator.switched({ nodeId: 'node-2', from: A, to: null, cause: opened(A) }))
      .toEqual(["node-2: no server available (every breaker open or health check failing), calls fail fast: server-1's breaker opened (its calls failed)"]);
  });

  it('holds a switch to a server still down and tells the failed trial as ONE line when the node moves away again', () => {
    const narrator = new SwitchNarrator(fleet(new Set([A])), 2);
    expect(narrator.switched({ nodeId: 'node-1', from: B, to: A, cause: admits(A) })).toEqual([]);
    // Another node's switches are told meanwhile.
    expect(narrator.switched({ nodeId: 'node-2', from: A, to: B, cause: opened(A) })).toHaveLength(1);
    expect(narrator.switched({ nodeId: 'node-1', from: A, to: B, cause: opened(A) }))
      .toEqual(["node-1: trial call to server-1 failed (still down; tried as server-1's breaker lets calls through again (half-open)), calls stay on server-2"]);
    expect(narrator.flush()).toEqual([]);
  });

  it('names where the calls go when a failed trial does not return to the server it left', () => {
    const narrator = new SwitchNarrator(fleet(new Set([A])), 2);
    narrator.switched({ nodeId: 'node-1', from: B, to: A, cause: admits(A) });
    expect(narrator.switched({ nodeId: 'node-1', from: A, to: C, cause: opened(A) })[0]).toMatch(/^node-1: trial call to server-1 failed .*, calls now go to server-3$/);
  });

  it('tells a held trial as an ordinary switch once its server is back, or at the end', () => {
    const down = new Set<string>([A, B]);
    const narrator = new SwitchNarrator(fleet(down), 2);
    narrator.switched({ nodeId: 'node-1', from: C, to: A, cause: admits(A) });
    narrator.switched({ nodeId: 'node-2', from: C, to: B, cause: admits(B) });
    down.clear();
    expect(narrator.serverBack(A)).toEqual(["node-1: calls now go to server-1 (were on server-3): server-1's breaker lets calls through again (half-open)"]);
    expect(narrator.serverBack(A)).toEqual([]);
    expect(narrator.flush()).toEqual(["node-2: calls now go to server-2 (were on server-3): server-2's breaker lets calls through again (half-open)"]);
    expect(narrator.flush()).toEqual([]);
  });
});
