import { describeFault } from './timeline.js';
import type { Fault, Timeline, TimelinePhase } from './timeline.js';
import { sleep as abortableSleep } from '../util/sleep.js';

/** What playing a timeline does to the world. */
export interface TimelineHooks {
  /** The proxy plays this fault from now on (null: none). */
  setFault(fault: Fault | null): void;
  /** SIGKILL the server; resolves once it is gone. */
  killServer(): Promise<void>;
  /** Starts the server again on the same database and port; resolves once it listens. */
  restartServer(): Promise<void>;
  /** How long a server start takes, ms: the restart is launched that much before the phase ends. */
  restartLeadMs(): number;
  /** A phase begins. */
  phaseStarted(phase: TimelinePhase): void;
  /** A fault is over (the server listens again, for `serverDown`): recovery is timed from here. */
  faultEnded(phase: TimelinePhase): void;
  /** An event of note, for the dashboard or the log. */
  note(text: string): void;
}

/** Time as the player sees it: ms since the timeline began, and a wait that an abort cuts short. */
export interface PlayerClock {
  elapsed(): number;
  /** Waits `ms`; resolves false if `signal` aborted first. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
}

/** A wait on the global timers that an abort ends early (false); no wait at all for `ms` <= 0. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal.aborted);
  return abortableSleep(ms, signal);
}

/**
 * Plays the phases at their offsets from the start of the timeline. Entering a fault sets it on the proxy; leaving
 * it clears the proxy and reports the fault's end. `serverDown` kills the server as it begins and launches the
 * restart `restartLeadMs()` before it ends, so the server is back about on time; that fault ends when the server
 * listens again. Each phase starts at its own offset, so a slow restart does not shift the rest. Resolves true when
 * the timeline is over, false when `signal` aborted it; either way the proxy is left clear and the server running.
 */
export async function playTimeline(timeline: Timeline, hooks: TimelineHooks, clock: PlayerClock, signal: AbortSignal): Promise<boolean> {
  let open: TimelinePhase | null = null;
  let serverDown = false;
  const until = (offsetMs: number): Promise<boolean> => clock.sleep(offsetMs - clock.elapsed(), signal);
  const restart = async (): Promise<void> => {
    if (!serverDown) return;
    hooks.note('restarting the server on the same database and port');
    await hooks.restartServer();
    serverDown = false;
    hooks.note('server listening again');
  };
  const close = async (): Promise<void> => {
    const phase = open;
    open = null;
    if (phase?.fault == null) return;
    hooks.setFault(null);
    await restart();
    hooks.note(`fault over: ${phase.label}`);
    hooks.faultEnded(phase);
  };
  try {
    for (const phase of timeline.phases) {
      if (!(await until(phase.startMs))) return false;
      await close();
      open = phase;
      hooks.phaseStarted(phase);
      if (phase.fault === null) {
        hooks.note(`phase: ${phase.label}`);
        continue;
      }
      hooks.note(`fault: ${phase.label} (${describeFault(phase.fault)})`);
      hooks.setFault(phase.fault);
      if (phase.fault.kind !== 'serverDown') continue;
      await hooks.killServer();
      serverDown = true;
      hooks.note('server killed (SIGKILL)');
      if (!(await until(phase.endMs - hooks.restartLeadMs()))) return false;
      await close();
    }
    return await until(timeline.durationMs);
  } finally {
    await close();
    await restart();
  }
}
