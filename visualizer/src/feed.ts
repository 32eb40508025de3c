import type { FeedBatch } from '../../src/inspect/protocol.js';

/** The feed socket's state, as the header shows it. */
export type FeedStatus = 'connecting' | 'connected' | 'reconnecting';

const MAX_RETRY_MS = 5000;

/**
 * Connects to the relay's `/feed` on the page's own host, hands every batch to `onBatch`, and reconnects
 * (1 s, doubling, at most 5 s) when the relay goes away; the relay starts a reconnected page over.
 */
export function connectFeed(onBatch: (batch: FeedBatch) => void, onStatus: (status: FeedStatus) => void): void {
  let retryMs = 1000;
  const open = (): void => {
    const socket = new WebSocket(`ws://${location.host}/feed`);
    socket.addEventListener('open', () => {
      retryMs = 1000;
      onStatus('connected');
    });
    socket.addEventListener('message', (message: MessageEvent<unknown>) => {
      if (typeof message.data !== 'string') return;
      const batch = JSON.parse(message.data) as FeedBatch;
      if (batch.type === 'batch') onBatch(batch);
    });
    socket.addEventListener('close', () => {
      onStatus('reconnecting');
      setTimeout(open, retryMs);
      retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
    });
  };
  onStatus('connecting');
  open();
}
