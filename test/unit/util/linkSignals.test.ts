import { describe, expect, it } from 'vitest';
import { linkSignals } from '../../../src/util/linkSignals.js';

describe('linkSignals', () => {
  it('aborts with the reason of whichever source aborts first', () => {
    const a = new AbortController();
    const b = new AbortController();
    const linked = linkSignals(a.signal, b.signal);
    b.abort('second');
    a.abort('first');
    expect(linked.signal.reason).toBe('second');
  });

  it('is aborted at once when a source already is', () => {
    const a = new AbortController();
    a.abort('early');
    expect(linkSignals(a.signal, new AbortController().signal).signal.reason).toBe('early');
  });

  it('stops following its sources once unlinked', () => {
    const a = new AbortController();
    const linked = linkSignals(a.signal, new AbortController().signal);
    linked.unlink();
    a.abort('late');
    expect(linked.signal.aborted).toBe(false);
  });
});
