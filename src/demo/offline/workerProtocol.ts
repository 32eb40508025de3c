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
  /** Its outbox took an entry (a result, a progress report, ...). */
  | { readonly event: 'queued'; readonly nodeId: string; readonly entryId: number; readonly operation: string }
  /** Its outbox let go of an entry (delivered or dead-lettered). */
  | { readonly event: 'entryDone'; readonly nodeId: string; readonly entryId: number; readonly how: string }
  | { readonly event: 'stopped'; readonly nodeId: string };

const EVENTS = new Set(['ready', 'claimed', 'delivered', 'linkDown', 'linkUp', 'queued', 'entryDone', 'stopped']);

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
