import type { InspectionEvent } from 'xstate';
import { describe, expect, it, vi } from 'vitest';
import { combineObservers, visualizerOf } from '../../../src/demo/inspectHook.js';
import type { InspectObserver, InspectionRelay } from '../../../src/demo/inspectHook.js';

const event = { type: '@xstate.event' } as unknown as InspectionEvent;

describe('visualizerOf', () => {
  it("gives each node the relay's observer for its own group, and closes the relay", async () => {
    const byGroup = new Map<string, InspectObserver>();
    const close = vi.fn(() => Promise.resolve());
    const relay: InspectionRelay = {
      url: 'http://127.0.0.1:4321/',
      inspectFor: (group) => {
        const observer = vi.fn();
        byGroup.set(group, observer);
        return observer;
      },
      close,
    };
    const visualizer = visualizerOf(relay);
    expect(visualizer.url).toBe('http://127.0.0.1:4321/');
    const node2 = visualizer.observerFor('node-2');
    expect([...byGroup.keys()]).toEqual(['node-2']);
    expect(node2).toBe(byGroup.get('node-2'));
    await visualizer.close?.();
    expect(close).toHaveBeenCalledTimes(1);
  });
});

describe('combineObservers', () => {
  it('calls every observer, function or object, even after one throws', () => {
    const seen: string[] = [];
    const combined = combineObservers(
      () => {
        seen.push('first');
        throw new Error('broken observer');
      },
      undefined,
      { next: () => seen.push('object') },
      () => seen.push('last'),
    );
    combined(event);
    expect(seen).toEqual(['first', 'object', 'last']);
  });
});
