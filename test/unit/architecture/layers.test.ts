import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycle, folderGraph, folderOf, importEdges, typeScriptFiles } from './importGraph.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const src = path.join(repo, 'src');
const machines = path.join(repo, 'machines');

/** The README's "Architecture" section names the layers of src/, bottom to top, on one line starting "Layers:". */
function declaredLayers(): string[] {
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  const line = /^Layers, bottom to top: (.+)$/m.exec(readme)?.[1];
  if (line === undefined) throw new Error('README.md has no "Layers, bottom to top: ..." line in its Architecture section');
  return [...line.matchAll(/`([^`]+)`/g)].map((match) => (match[1] ?? '').replace(/\/$/, ''));
}

describe('src/ layers', () => {
  const edges = importEdges(typeScriptFiles(src));
  const graph = folderGraph(src, edges);

  it('has no cycle among its folders', () => {
    expect(findCycle(graph)).toBeNull();
  });

  it('imports only downward, in the order the README declares', () => {
    const layers = [...declaredLayers(), '.'];
    const rank = (folder: string) => layers.indexOf(folder);
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      expect(layers, `src/${from}/ is not in the README's layers`).toContain(from);
      for (const [to, example] of targets) {
        if (rank(to) >= rank(from)) upward.push(`${from} -> ${to} (${path.relative(repo, example.from)})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('declares every folder of src/ once', () => {
    const layers = declaredLayers();
    const folders = new Set(typeScriptFiles(src).map((file) => folderOf(src, file)).filter((folder) => folder !== '.'));
    expect(new Set(layers).size).toBe(layers.length);
    expect([...folders].sort()).toEqual([...layers].sort());
  });

  it('keeps machines/ pure: no import of src/ or of a Node module', () => {
    const files = typeScriptFiles(machines);
    const outward = importEdges(files).filter((edge) => !edge.to.startsWith(machines + path.sep)).map((edge) => path.relative(repo, edge.from));
    const node = files.filter((file) => /from\s+'(node:|fs'|http'|https'|net'|os'|path'|child_process'|timers')/.test(readFileSync(file, 'utf8')));
    expect(outward).toEqual([]);
    expect(node).toEqual([]);
  });
});

describe('the import graph check', () => {
  it('finds a cycle, and names it', () => {
    const graph = new Map([['a', new Map([['b', 1]])], ['b', new Map([['c', 1]])], ['c', new Map([['a', 1]])]]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds none in a layered graph', () => {
    const graph = new Map([['top', new Map([['mid', 1], ['low', 1]])], ['mid', new Map([['low', 1]])]]);
    expect(findCycle(graph)).toBeNull();
  });

  it('reads static, dynamic and re-export imports, and maps each file to its folder', () => {
    const files = typeScriptFiles(path.join(src, 'clients'));
    const targets = importEdges(files).map((edge) => folderOf(src, edge.to));
    expect(targets).toContain('pipeline');
    expect(folderOf(src, path.join(src, 'index.ts'))).toBe('.');
  });
});
