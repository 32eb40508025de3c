import type { ApiClient } from '../api/ApiClient.js';
import { redactString } from '../util/redact/redactString.js';

/** `endpointSwitched`: calls now go to another server of the set (ordered mode), or to none. */
export interface EndpointSwitchedEvent {
  /** The endpoint calls went to, or null when none was available (URLs with passwords redacted). */
  readonly from: string | null;
  /** The endpoint calls go to now, or null when none is available. */
  readonly to: string | null;
  /** Epoch ms, on the connection's clock. */
  readonly at: number;
}

/** The part of a MultiEndpointClient's selection actor read here. */
interface SelectionEmitter {
  on(type: 'endpoint.switched', listener: (event: { from: string | null; to: string | null; at: number }) => void): { unsubscribe(): void };
}

function selectionOf(client: ApiClient): SelectionEmitter | undefined {
  const selection: unknown = (client as { selection?: unknown }).selection;
  if (typeof selection !== 'object' || selection === null || !('on' in selection) || typeof selection.on !== 'function') return undefined;
  return selection as SelectionEmitter;
}

const redacted = (url: string | null): string | null => (url === null ? null : redactString(url));

/**
 * Reports each `endpoint.switched` of a client over several servers (a MultiEndpointClient's selection actor),
 * with URLs redacted. Returns the unsubscribe function; a no-op for a client over one server.
 */
export function watchEndpointSwitches(client: ApiClient, report: (event: EndpointSwitchedEvent) => void): () => void {
  const selection = selectionOf(client);
  if (selection === undefined) return () => undefined;
  const subscription = selection.on('endpoint.switched', ({ from, to, at }) => report({ from: redacted(from), to: redacted(to), at }));
  return () => subscription.unsubscribe();
}

/** The sentence of a switch, for the log and the `message` event. */
export function describeEndpointSwitch({ from, to }: EndpointSwitchedEvent): string {
  if (to === null) return `No server of the set takes calls now (last: ${from ?? 'none'})`;
  return from === null ? `Calls go to ${to} again` : `Calls moved from ${from} to ${to}`;
}
