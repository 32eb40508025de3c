import type { HealthPoint, StateValueJson } from '../../src/inspect/protocol.js';
import type { TrailEntry } from './store.js';

/** A drawn health check. */
export interface TimelineDot {
  readonly x: number;
  readonly y: number;
  readonly ok: boolean;
  readonly title: string;
}

/** A stretch of time in one link state (healthy, degraded, ...). */
export interface TimelineBand {
  readonly x: number;
  readonly width: number;
  readonly state: string;
}

/** A manager's health and response-time timeline, scaled to a box of `width` x `height` px. */
export interface TimelineModel {
  readonly dots: readonly TimelineDot[];
  /** SVG polyline points through the response times. */
  readonly line: string;
  readonly bands: readonly TimelineBand[];
  /** The response time at the top of the box, ms. */
  readonly maxMs: number;
  readonly startAt: number;
  readonly endAt: number;
}

/** Height of the link-state band at the bottom, px. */
export const BAND_HEIGHT = 6;
const MIN_SPAN_MS = 30_000;

/** The link region's state of a connection value (`{ link: 'degraded' }`), else the whole value as text. */
export function linkStateOf(value: StateValueJson | null, fallback: string): string {
  if (value !== null && typeof value === 'object') {
    const link = value.link;
    if (typeof link === 'string') return link;
  }
  return fallback;
}

/**
 * Lays out the last `windowMs` (default 5 minutes; at least 30 s, starting at the oldest data when newer) of
 * a manager's health checks (response time up, failed checks marked) over bands of its link state.
 */
export function timelineModel(
  health: readonly HealthPoint[], trail: readonly TrailEntry[], now: number, width: number, height: number, windowMs = 300_000,
): TimelineModel {
  const oldest = Math.min(health[0]?.at ?? now, trail[0]?.at ?? now);
  const endAt = now;
  const startAt = Math.min(endAt - MIN_SPAN_MS, Math.max(endAt - windowMs, oldest));
  const span = Math.max(1, endAt - startAt);
  const x = (at: number): number => Math.max(0, Math.min(width, ((at - startAt) / span) * width));
  const visible = health.filter((point) => point.at >= startAt);
  const maxMs = Math.max(10, ...visible.map((point) => point.responseTimeMs)) * 1.1;
  const plot = height - BAND_HEIGHT - 4;
  const y = (ms: number): number => 2 + plot - (ms / maxMs) * plot;
  const dots = visible.map((point) => ({
    x: x(point.at),
    y: y(point.responseTimeMs),
    ok: point.ok,
    title: `${point.ok ? 'healthy' : 'failed'} ${Math.round(point.responseTimeMs)} ms${point.error === null ? '' : `: ${point.error}`}`,
  }));
  const bands: TimelineBand[] = [];
  trail.forEach((entry, index) => {
    const until = trail[index + 1]?.at ?? endAt;
    if (until < startAt) return;
    const from = x(Math.max(entry.at, startAt));
    bands.push({ x: from, width: Math.max(1, x(until) - from), state: linkStateOf(entry.value, entry.text) });
  });
  return { dots, line: dots.map((dot) => `${dot.x.toFixed(1)},${dot.y.toFixed(1)}`).join(' '), bands, maxMs, startAt, endAt };
}
