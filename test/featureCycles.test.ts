/**
 * The renderer's features import each other without cycles (product files only): a piece two features
 * share lives below both (renderer/lib, or a small feature such as notice/ or statsKit/), never in one of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const features = join(import.meta.dirname, '..', 'renderer', 'features');

/** feature → the features its product files import. */
function featureGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const scan = (file: string) => {
    const from = relative(features, file).split(sep)[0]!;
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = relative(features, resolve(dirname(file), m[1]!));
      if (target.startsWith('..')) continue;
      const to = target.split(sep)[0]!;
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  };
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'testing') walk(p);
      } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) scan(p);
    }
  };
  walk(features);
  return graph;
}

/** Every cycle through the graph, each as the path of features that closes it. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  for (const start of graph.keys()) {
    const stack: string[][] = [[start]];
    const seen = new Set<string>();
    while (stack.length) {
      const path = stack.pop()!;
      for (const next of graph.get(path[path.length - 1]!) ?? []) {
        if (next === start) found.push([...path, start].join(' -> '));
        else if (!seen.has(next)) {
          seen.add(next);
          stack.push([...path, next]);
        }
      }
    }
  }
  return found;
}

describe('renderer feature imports', () => {
  it('form no cycles', () => {
    expect(cycles(featureGraph())).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const g = new Map([
      ['case', new Set(['supervision'])],
      ['supervision', new Set(['case'])],
    ]);
    expect(cycles(g)).toContain('case -> supervision -> case');
  });
});
