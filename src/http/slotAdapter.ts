import http from 'node:http';
import type { Socket } from 'node:net';
import type { AxiosAdapter, AxiosStatic, GenericAbortSignal } from 'axios';
import type { ConnectionPool } from './ConnectionPool.js';
import { isAxiosError } from './isAxiosError.js';
import { markNeverSent } from './neverSent.js';
import type { SlotAbortSignal } from './SlotQueue.js';

/**
 * axios' own Node adapter, behind the pool's slots: a request takes a slot before axios hands it to the agent, and
 * gives it back once it has settled (its body read whole, or any failure: error, abort, timeout, body too large)
 * and the agent has let go of its socket. Every request sent through the client's axios instance is bounded,
 * whoever sends it, and the agent has no more requests than it may open sockets, so it does not queue one.
 *
 * A wait that fails comes out of axios as the agent's failure of a queued request used to: an AxiosError whose
 * cause is the PoolTimeoutError (or, once the pool is destroyed, ClientDisposedError), its code copied. One whose
 * signal aborts becomes axios' `CanceledError` (`dispatchRequest` turns any failure of an aborted request into
 * one), exactly what an abort of a request already in flight gives.
 *
 * `axios` is the module `loadAxios` loaded (the adapter is made with the client's axios instance, on its first
 * request), whose `AxiosError` is the one the host's own `import axios from 'axios'` sees.
 */
export function slotAdapter(pool: ConnectionPool, axios: AxiosStatic): AxiosAdapter {
  const send = axios.getAdapter('http');
  return async (config) => {
    if (!pool.tryTakeSlot()) {
      try {
        await pool.takeSlot(listenable(config.signal));
      } catch (error) {
        // Never handed to the http adapter: whatever error axios makes of this, the request provably never left.
        markNeverSent(config);
        // As axios reports an error the request itself emits: an AxiosError with the pool's error as its cause.
        throw axios.AxiosError.from(error, undefined, config);
      }
    }
    // axios' response and errors carry the ClientRequest once it exists (typed `any` by axios).
    let request: unknown;
    try {
      const response = await send(config);
      request = response.request;
      return response;
    } catch (error) {
      request = isAxiosError(error) ? error.request : undefined;
      throw error;
    } finally {
      releaseOnceSocketLeft(pool, request);
    }
  };
}

/**
 * Gives the slot back once the agent no longer counts the request's socket as in use. A kept-alive socket is
 * already back in the agent's free list when axios settles (Node frees it on the tick after the body's end), so the
 * slot goes back at once. A socket that is closing (destroyed by a failure or an abort, or answered with
 * `Connection: close`) stays counted toward `maxSockets` until its `close` event: a slot passed on before then
 * would have the next request queued inside the agent, untimed. So the slot waits for the agent to let go of it.
 * (One gap: a request aborted before Node assigned it its socket has no socket to wait for; that socket is freed
 * or closed a tick or two later, and the agent holds the next request until then.)
 */
function releaseOnceSocketLeft(pool: ConnectionPool, request: unknown): void {
  const socket = request instanceof http.ClientRequest ? request.socket : null;
  if (socket === null || !isInUse(pool.agent, socket)) {
    pool.releaseSlot();
    return;
  }
  // The agent's own listeners were added when it created the socket, so it has let go of it before this runs.
  // Whichever of the two comes, it comes soon: nothing else may use the socket while this slot is held.
  const letGo = () => {
    socket.off('close', letGo);
    socket.off('free', letGo);
    pool.releaseSlot();
  };
  socket.once('close', letGo);
  socket.once('free', letGo);
}

// Runs once per request: a `for...in` over the agent's origins (one, for a client) costs about half what
// `Object.values(...).some(...)` does (about 0.09 against 0.19 us with nine sockets in use).
function isInUse(agent: http.Agent, socket: Socket): boolean {
  for (const name in agent.sockets) {
    if (agent.sockets[name]?.includes(socket) === true) return true;
  }
  return false;
}

/** axios types its signal loosely (every method optional); a waiter can follow only a signal it can listen to. */
function listenable(signal: GenericAbortSignal | undefined): SlotAbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (typeof signal.addEventListener !== 'function' || typeof signal.removeEventListener !== 'function') return undefined;
  return signal as SlotAbortSignal;
}
