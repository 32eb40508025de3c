import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { FAULT_ORDER } from './faultOrder.js';
import { formatTable, readRows } from './table.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each fault scenario writes its table row. */
    faultRowsDir: string;
  }
}

/**
 * The faults project's global setup: a folder for the rows the scenario files write (they run in parallel, in
 * other processes), and at teardown the table of fault kind by invariant, printed once.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-fault-rows-'));
  project.provide('faultRowsDir', dir);
  return () => {
    const rows = readRows(dir, FAULT_ORDER);
    if (rows.length > 0) {
      process.stdout.write(`\nFaults: ${rows.length} scenario(s), each through real sockets on loopback\n${formatTable(rows)}\n\n`);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
