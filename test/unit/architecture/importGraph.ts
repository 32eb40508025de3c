import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One relative import of one file, resolved to the file it names. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

// `import ... from '...'`, `export ... from '...'`, `import('...')` and bare `import '...'`, relative only.
const importPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;

/** Every .ts file under `dir`, recursively, as absolute paths. */
export function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The relative imports of `files`, each resolved to the .ts file it names. */
export function importEdges(files: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(importPattern)) {
      const target = path.resolve(path.dirname(file), match[2] ?? '').replace(/\.js$/, '.ts');
      edges.push({ from: file, to: target });
    }
  }
  return edges;
}

/** The folder of `file` directly under `root` (`src/pipeline/x.ts` -> `pipeline`); `.` for a file in `root` itself. */
export function folderOf(root: string, file: string): string {
  const relative = path.relative(root, file);
  const [first, ...rest] = relative.split(path.sep);
  return rest.length === 0 ? '.' : (first ?? '.');
}

/** The folder-level graph: for each folder, the folders it imports (itself excluded), with one example import each. */
export function folderGraph(root: string, edges: readonly ImportEdge[]): Map<string, Map<string, ImportEdge>> {
  const graph = new Map<string, Map<string, ImportEdge>>();
  for (const edge of edges) {
    if (!edge.to.startsWith(root + path.sep)) continue;
    const from = folderOf(root, edge.from);
    const to = folderOf(root, edge.to);
    if (from === to) continue;
    const targets = graph.get(from) ?? new Map<string, ImportEdge>();
    if (!targets.has(to)) targets.set(to, edge);
    graph.set(from, targets);
  }
  return graph;
}

/** A cycle of folders (first folder repeated at the end), or null when the graph has none. */
export function findCycle(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === 'visiting') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const cycle = visit(next);
        if (cycle !== null) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) !== undefined) continue;
    const cycle = visit(node);
    if (cycle !== null) return cycle;
  }
  return null;
}
