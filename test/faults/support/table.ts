import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from './scenario.js';

/** One line of the fault table: a fault kind and its invariants' counts. */
export interface FaultRow {
  readonly fault: string;
  readonly terminalOnce: string;
  readonly duplicates: number;
  readonly lost: number;
  readonly unhandled: number;
  readonly breakerOpened: number;
  readonly links: string;
  readonly leftOver: string;
  readonly notes: string;
  readonly seconds: number;
}

/** The row of a result, `notes` being the fault's own expectation in a few words. */
export function rowOf(result: ScenarioResult, notes: string): FaultRow {
  return {
    fault: result.fault,
    terminalOnce: `${result.terminalOnce}/${result.tasks}`,
    duplicates: result.createdTwice + result.duplicated,
    lost: result.lost,
    unhandled: result.unhandled,
    breakerOpened: result.breakerOpenings,
    links: `${result.nodesLeftHealthy}/${result.nodes.length} left, ${result.nodesBackHealthy}/${result.nodes.length} back`,
    leftOver: `${result.socketsLeft}/${result.timersLeft}/${result.locksLeft}`,
    notes: result.problems.length > 0 ? `PROBLEM: ${result.problems.join('; ')}` : notes,
    seconds: Math.round(result.durationMs / 100) / 10,
  };
}

/** Writes `row` to its own JSON file in `dir` (files run in parallel; one file each never collides). */
export function writeRow(dir: string, row: FaultRow): void {
  writeFileSync(join(dir, `${row.fault.replace(/[^a-z0-9]+/gi, '-')}.json`), JSON.stringify(row));
}

/** Every row written to `dir`, in the order the faults are listed in `order` (others last). */
export function readRows(dir: string, order: readonly string[]): FaultRow[] {
  const rows = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as FaultRow);
  const rank = (fault: string): number => {
    const index = order.indexOf(fault);
    return index < 0 ? order.length : index;
  };
  return rows.sort((a, b) => rank(a.fault) - rank(b.fault) || a.fault.localeCompare(b.fault));
}

const HEADERS: readonly [keyof FaultRow, string][] = [
  ['fault', 'fault'], ['terminalOnce', 'terminal once'], ['duplicates', 'duplicates'], ['lost', 'lost'], ['unhandled', 'unhandled'],
  ['breakerOpened', 'breaker opened'], ['links', 'links left/back healthy'], ['leftOver', 'sockets/timers/locks left'], ['seconds', 's'],
  ['notes', 'fault-specific check'],
];

/** The rows as a Markdown table (readable as plain text too). */
export function formatTable(rows: readonly FaultRow[]): string {
  const cells = rows.map((row) => HEADERS.map(([key]) => String(row[key])));
  const widths = HEADERS.map(([, title], i) => Math.max(title.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: readonly string[]): string => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(HEADERS.map(([, title]) => title)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
