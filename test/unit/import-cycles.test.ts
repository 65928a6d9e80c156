import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Relative value imports (not `import type`) of every .ts file under the folders, as repo paths. */
function importGraph(folders: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts')) {
        const source = readFileSync(path.join(ROOT, rel), 'utf8');
        const targets = [...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)].map((m) =>
          path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]!.replace(/\.js$/, '.ts'))),
        );
        graph.set(rel, targets);
      }
    }
  };
  folders.forEach(walk);
  return graph;
}

/** Every cycle, each once, as a path a → b → … → a. */
function cycles(graph: Map<string, string[]>): string[] {
  const found = new Set<string>();
  const visit = (node: string, stack: string[]) => {
    const at = stack.indexOf(node);
    if (at >= 0) {
      const loop = stack.slice(at);
      const start = loop.indexOf([...loop].sort()[0]!);
      const canonical = [...loop.slice(start), ...loop.slice(0, start)];
      found.add([...canonical, canonical[0]].join(' → '));
      return;
    }
    if (stack.length > 30) return;
    for (const next of graph.get(node) ?? []) if (graph.has(next)) visit(next, [...stack, node]);
  };
  for (const node of graph.keys()) visit(node, []);
  return [...found].sort();
}

describe('module imports', () => {
  it('finds a cycle when there is one (the checker itself works)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(graph)).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });

  it('has no cycles in the formulary, imports, dictionary and search modules or the database layer', () => {
    const graph = importGraph(['core/formulary', 'core/imports', 'core/dictionary', 'core/search', 'db']);
    expect(graph.has('core/formulary/items.ts')).toBe(true);
    expect(cycles(graph)).toEqual([]);
  });
});
