/** Counts of call outcomes: `ok`, or the failure's error code with its detail (`ERR_HTTP_STATUS 503`). */
export class Tally {
  private readonly counts = new Map<string, number>();

  /** Counts one success. */
  ok(): void {
    this.add('ok');
  }

  /** Counts one failure under the label {@link failureLabel} gives it. */
  failed(error: unknown): void {
    this.add(failureLabel(error));
  }

  /** Everything counted, labels sorted, plus the totals. */
  summary(): { readonly total: number; readonly ok: number; readonly failed: number; readonly byKind: Readonly<Record<string, number>> } {
    const byKind: Record<string, number> = {};
    let total = 0;
    for (const [label, count] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      byKind[label] = count;
      total += count;
    }
    const ok = this.counts.get('ok') ?? 0;
    return { total, ok, failed: total - ok, byKind };
  }

  private add(label: string): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }
}

/**
 * A short label for a failed call: the library's error code plus the status or the socket code. Anything
 * that is not one of the library's typed errors is labelled `UNTYPED <name>`, which the run reports as a fault.
 */
export function failureLabel(error: unknown): string {
  if (typeof error !== 'object' || error === null) return `UNTYPED ${typeof error}`;
  const { code, status, errorCode, name } = error as { code?: unknown; status?: unknown; errorCode?: unknown; name?: unknown };
  if (typeof code !== 'string' || !code.startsWith('ERR_')) return `UNTYPED ${String(name)}`;
  if (typeof status === 'number') return `${code} ${status}`;
  if (typeof errorCode === 'string') return `${code} ${errorCode}`;
  return code;
}
