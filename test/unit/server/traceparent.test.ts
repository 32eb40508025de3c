import { describe, expect, it } from 'vitest';
import { traceIdOf } from '../../../src/server/http/traceparent.js';

const TRACE = '4bf92f3577b34da6a3ce929b0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('traceIdOf: the trace id of a W3C traceparent header', () => {
  it.each([
    [`00-${TRACE}-${PARENT}-01`],
    [`00-${TRACE}-${PARENT}-00`],
    [` 00-${TRACE}-${PARENT}-01 `],
    // A later version may append fields after a dash; the first four are read.
    [`01-${TRACE}-${PARENT}-01-whatever`],
    [`cc-${TRACE}-${PARENT}-01`],
  ])('reads %j', (header) => {
    expect(traceIdOf(header)).toBe(TRACE);
  });

  it.each([
    [undefined],
    [''],
    ['garbage'],
    [`00-${TRACE}-${PARENT}`],
    [`00-${TRACE.toUpperCase()}-${PARENT}-01`],
    [`00-${TRACE}-${PARENT}-01-extra`],
    [`00-${TRACE}-${PARENT}-01,00-${TRACE}-${PARENT}-01`],
    [`ff-${TRACE}-${PARENT}-01`],
    [`00-${'0'.repeat(32)}-${PARENT}-01`],
    [`00-${TRACE}-${'0'.repeat(16)}-01`],
    [`00-${TRACE}1-${PARENT}-01`],
    [`01-${TRACE}-${PARENT}-01x`],
    [`0-${TRACE}-${PARENT}-01`],
    [[`00-${TRACE}-${PARENT}-01`, `00-${TRACE}-${PARENT}-01`]],
  ])('ignores %j', (header) => {
    expect(traceIdOf(header)).toBeUndefined();
  });
});
