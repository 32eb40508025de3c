import type { LinkState } from '../../machines/connection/types.js';

/** The part of a running connection actor read here: its snapshot's link, now and as it changes. */
export interface LinkSource {
  getSnapshot(): { readonly context: { readonly link: LinkState } };
  subscribe(next: (snapshot: { readonly context: { readonly link: LinkState } }) => void): { unsubscribe(): void };
}

/** The target as a {@link LinkSource} when it is a connection actor (it has a snapshot with a link), else undefined. */
export function linkSourceOf(target: object): LinkSource | undefined {
  const candidate = target as { getSnapshot?: unknown; subscribe?: unknown };
  if (typeof candidate.getSnapshot !== 'function' || typeof candidate.subscribe !== 'function') return undefined;
  const snapshot: unknown = candidate.getSnapshot.call(target);
  const link = (snapshot as { context?: { link?: unknown } } | undefined)?.context?.link;
  return typeof link === 'string' ? (target as LinkSource) : undefined;
}

/**
 * Calls `recoveryEnded` each time the link leaves `recovering`: `true` when it came back up (healthy or degraded),
 * `false` when it went offline. Returns the unsubscribe function.
 */
export function watchRecoveries(source: LinkSource, recoveryEnded: (recovered: boolean) => void): () => void {
  let previous = source.getSnapshot().context.link;
  const subscription = source.subscribe((snapshot) => {
    const { link } = snapshot.context;
    if (previous === 'recovering' && link !== 'recovering') recoveryEnded(link !== 'offline');
    previous = link;
  });
  return () => subscription.unsubscribe();
}
