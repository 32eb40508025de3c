import type os from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addressFingerprint, watchNetworkChanges } from '../../../src/manager/networkWatch.js';

type Interfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

const loopback: os.NetworkInterfaceInfo = {
  address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8',
};
const lan: os.NetworkInterfaceInfo = {
  address: '10.1.2.3', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '10.1.2.3/24',
};
const tunnel: os.NetworkInterfaceInfo = {
  address: '172.16.0.9', netmask: '255.255.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: false, cidr: '172.16.0.9/16',
};
const noVpn: Interfaces = { lo: [loopback], eth0: [lan] };
const vpnUp: Interfaces = { lo: [loopback], eth0: [lan], tun0: [tunnel] };

/** A reader that answers what `current` holds at each call. */
function reader(initial: Interfaces) {
  const state = { current: initial, reads: 0 };
  return { state, read: () => { state.reads += 1; return state.current; } };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('addressFingerprint', () => {
  it('lists the routable addresses by interface, sorted, leaving loopback out', () => {
    expect(addressFingerprint(vpnUp)).toBe('eth0 IPv4 10.1.2.3/24\ntun0 IPv4 172.16.0.9/16');
    expect(addressFingerprint({ eth0: [lan], lo: [loopback] })).toBe(addressFingerprint({ lo: [loopback], eth0: [lan] }));
    expect(addressFingerprint({ lo: [loopback] })).toBe('');
  });
});

describe('watchNetworkChanges', () => {
  it('takes its first reading as the baseline and reports each change once, on the interval', () => {
    const { state, read } = reader(noVpn);
    const onChange = vi.fn();
    const stop = watchNetworkChanges(onChange, { intervalMs: 5_000, readInterfaces: read });
    vi.advanceTimersByTime(15_000);
    expect(onChange).not.toHaveBeenCalled();
    state.current = vpnUp;
    vi.advanceTimersByTime(4_999);
    expect(onChange).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onChange).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(onChange).toHaveBeenCalledTimes(1);
    state.current = noVpn;
    vi.advanceTimersByTime(5_000);
    expect(onChange).toHaveBeenCalledTimes(2);
    stop();
  });

  it('ignores a change of loopback or of order, which routes nothing differently', () => {
    const { state, read } = reader(noVpn);
    const onChange = vi.fn();
    const stop = watchNetworkChanges(onChange, { intervalMs: 1_000, readInterfaces: read });
    state.current = { eth0: [lan], lo: [{ ...loopback, address: '127.0.0.2', cidr: '127.0.0.2/8' }] };
    vi.advanceTimersByTime(3_000);
    expect(onChange).not.toHaveBeenCalled();
    stop();
  });

  it('stops reading once stopped, leaving no timer', () => {
    const { state, read } = reader(noVpn);
    const onChange = vi.fn();
    const stop = watchNetworkChanges(onChange, { intervalMs: 1_000, readInterfaces: read });
    expect(vi.getTimerCount()).toBe(1);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    const reads = state.reads;
    state.current = vpnUp;
    vi.advanceTimersByTime(10_000);
    expect(state.reads).toBe(reads);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('survives a reader that throws (a sandbox that lists no interfaces) and resumes when it answers', () => {
    const state = { fail: true, current: noVpn };
    const onChange = vi.fn();
    const stop = watchNetworkChanges(onChange, {
      intervalMs: 1_000,
      readInterfaces: () => {
        if (state.fail) throw new Error('uv_interface_addresses failed');
        return state.current;
      },
    });
    vi.advanceTimersByTime(2_000);
    state.fail = false;
    vi.advanceTimersByTime(1_000);
    expect(onChange).not.toHaveBeenCalled();
    state.current = vpnUp;
    vi.advanceTimersByTime(1_000);
    expect(onChange).toHaveBeenCalledTimes(1);
    stop();
  });

  it('unrefs its timer, so it never keeps a process alive', () => {
    vi.useRealTimers();
    const unref = vi.spyOn(globalThis, 'setInterval');
    const stop = watchNetworkChanges(() => undefined, { intervalMs: 60_000, readInterfaces: () => noVpn });
    const timer = unref.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    stop();
    unref.mockRestore();
  });
});
