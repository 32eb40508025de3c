/** What the orchestrator tells a worker child: one JSON argument. */
export interface WorkerChildSettings {
  /** The reference server (directly, no proxy). */
  readonly serverUrl: string;
  /** The worker's own outbox file; a restart passes the same one. */
  readonly outboxFile: string;
  readonly nodeId: string;
  readonly pollIntervalMs: number;
  readonly heartbeatIntervalMs: number;
}

/** One line a worker child prints on stdout, as JSON. Informational: the audit never trusts these. */
export type WorkerLine =
  | { readonly event: 'ready'; readonly nodeId: string; readonly pid: number }
  | { readonly event: 'claimed'; readonly nodeId: string; readonly taskId: number; readonly adopted: boolean }
  | { readonly event: 'delivered'; readonly nodeId: string; readonly taskId: number; readonly status: string }
  | { readonly event: 'linkDown' | 'linkUp'; readonly nodeId: string }
  /**
   * Its outbox took an entry, or let go of one (delivered or dead-lettered); also once at start. `pending`: the
   * entries its file holds now, `results` of them final statuses or hand-backs.
   */
  | { readonly event: 'outbox'; readonly nodeId: string; readonly change: string; readonly pending: number; readonly results: number }
  | { readonly event: 'stopped'; readonly nodeId: string };

const EVENTS = new Set(['ready', 'claimed', 'delivered', 'linkDown', 'linkUp', 'outbox', 'stopped']);

/** Reads one stdout line of a worker child; null for anything else (a log line, a partial write). */
export function parseWorkerLine(line: string): WorkerLine | null {
  if (!line.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return null;
    const { event, nodeId } = value as Record<string, unknown>;
    return typeof event === 'string' && EVENTS.has(event) && typeof nodeId === 'string' ? (value as WorkerLine) : null;
  } catch {
    return null;
  }
}
