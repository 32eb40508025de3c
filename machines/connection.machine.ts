import { clientState } from './connection/clientRegion.js';
import { linkRegion } from './connection/linkRegion.js';
import { connectionSetup } from './connection/setup.js';
import { initialConnectionContext } from './connection/restore.js';

/**
 * The connection (the ConnectionManager's root actor): two parallel regions and an invoked health monitor.
 *
 * - client: `enhanced | standard`, each `active | switching | recreating`. `SWITCH_TO_ENHANCED`,
 *   `SWITCH_TO_STANDARD` and `RECREATE` prepare a candidate with `prepareClient` (src creates and tests it);
 *   on done `commitClient` swaps it in, on error `discardCandidate` drops it and the current client stays.
 * - link: `healthy | degraded | recovering | offline` (see `linkRegion`), moved by `HEALTH.OK/FAILED` from the
 *   health monitor and `BREAKER.OPENED/CLOSED` from src's breaker subscription; one `recover` at a time.
 * - the health monitor child (`healthMonitor`) probes on its own timer and reports `HEALTH.*` here; `CHECK_NOW`
 *   (src sends it when the machine's network addresses change) makes it probe at once.
 *
 * Emits `statusChanged { previous, current, timestamp }` and `message { text, at }`; when a host machine invokes
 * it, the host also receives `CONNECTION.STATUS_CHANGED`. Provide `prepareClient`, `recover`, `healthMonitor`
 * (actors) and `commitClient`, `discardCandidate` (actions). After restoring a persisted snapshot send `RESTORED`.
 * To resume after a process restart, pass a saved `ConnectionState` as `input.restored` instead (state only; the
 * input's settings apply; see `initialConnectionContext`).
 */
export const connectionMachine = connectionSetup.createMachine({
  id: 'connection',
  type: 'parallel',
  context: ({ input }) => initialConnectionContext(input),
  invoke: {
    id: 'healthMonitor',
    src: 'healthMonitor',
    input: ({ context }) => ({ ...context.settings.health, at: context.now, host: context.host }),
  },
  on: {
    RESTORED: { actions: ['noteTime', 'forwardRestored'] },
    CHECK_NOW: { actions: ['noteTime', 'forwardCheckNow'] },
  },
  states: {
    client: {
      initial: 'choosing',
      states: {
        choosing: {
          always: [{ guard: 'isEnhancedPreferred', target: 'enhanced' }, { target: 'standard' }],
        },
        enhanced: clientState('enhanced'),
        standard: clientState('standard'),
      },
    },
    link: linkRegion,
  },
});
