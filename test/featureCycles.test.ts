/**
 * The renderer's features import each other without cycles (product files only): a piece two features
 * share lives below both (renderer/lib, or a small feature such as notice/ or stats/kit/), never in one of them.
 * And a feature imports another only through its public entry (`<feature>/index.ts` or `<feature>/kit/index.ts`),
 * never one of its internal files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const features = join(import.meta.dirname, '..', 'renderer', 'features');

/** One relative import of a product file that lands in another feature. */
interface CrossImport {
  from: string;
  /** The imported module inside renderer/features, without its extension: `stats/kit/index`. */
  target: string;
}

/** Every import of a feature's product files (tests and testing/ aside) that lands in another feature. */
function crossImports(): CrossImport[] {
  const found: CrossImport[] = [];
  const scan = (file: string) => {
    const from = relative(features, file).split(sep).join('/');
    const own = from.split('/')[0]!;
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = relative(features, resolve(dirname(file), m[1]!))
        .split(sep)
        .join('/');
      if (target.startsWith('..') || target.split('/')[0] === own) continue;
      found.push({ from, target: target.replace(/\.(js|ts|tsx)$/, '') });
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
  return found;
}

/** feature → the features its product files import. */
function featureGraph(imports: readonly CrossImport[] = crossImports()): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { from, target } of imports) {
    const [a, b] = [from.split('/')[0]!, target.split('/')[0]!];
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  return graph;
}

/** A feature's public entry: what other features may import of it. */
const ENTRY = /^[^/]+\/(kit\/)?index$/;

/** The shell mounts the screens: it may import each screen's module (the lazy ones with import()). */
const SCREENS = new Set([
  'queue/QueuePage',
  'case/CaseWorkbench',
  'supervision/SupervisionPage',
  'reference/ReferencePage',
  'stats/StatsPage',
  'assessment/AssessmentPage',
  'meeting/MeetingPage',
  'wall/WallPage',
  'division/DivisionPage',
  'audit/AuditPage',
  'register/RegisterPage',
  'sms/SmsPage',
]);

/**
 * Internal imports that wait for another change: `from` (a file or folder prefix) and the internal module it
 * may still import. This list only shrinks; it is checked to hold nothing that is no longer imported.
 */
const NOT_YET_THROUGH_AN_ENTRY: readonly (readonly [from: string, target: string])[] = [
  // case/commands is being reworked in parallel (renovation 12): it moves to clock/index and ref/index after that.
  ['case/commands/', 'clock/ReplyDeadline'],
  ['case/commands/', 'ref/lookups'],
];

const waiting = ({ from, target }: CrossImport) => NOT_YET_THROUGH_AN_ENTRY.some(([f, t]) => from.startsWith(f) && target === t);

/** Cross-feature imports of internal files, as `from -> target`. */
function internalImports(imports: readonly CrossImport[]): string[] {
  return imports
    .filter(({ from, target }) => {
      if (ENTRY.test(target) || waiting({ from, target })) return false;
      return !(from.startsWith('shell/') && SCREENS.has(target));
    })
    .map(({ from, target }) => `${from} -> ${target}`);
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

  it('go to another feature only through its public entry (index.ts, kit/index.ts)', () => {
    expect(internalImports(crossImports())).toEqual([]);
  });

  it('keep the list of imports not yet through an entry to what is still imported', () => {
    const imports = crossImports();
    expect(NOT_YET_THROUGH_AN_ENTRY.filter(([f, t]) => !imports.some((i) => i.from.startsWith(f) && i.target === t))).toEqual([]);
  });

  it("finds an import of another feature's internal file (the check itself works)", () => {
    const imports: CrossImport[] = [
      { from: 'meeting/useMeetingData.ts', target: 'assessment/data' },
      { from: 'meeting/useMeetingData.ts', target: 'assessment/index' },
      { from: 'wall/panels/FiguresPanel.tsx', target: 'stats/kit/index' },
      { from: 'wall/panels/FiguresPanel.tsx', target: 'stats/kit/format' },
      { from: 'meeting/slides/parts.tsx', target: 'wall/overdue' },
      { from: 'shell/AppFrame.tsx', target: 'stats/StatsPage' },
      { from: 'meeting/MeetingPage.tsx', target: 'stats/StatsPage' },
      { from: 'case/commands/urge.tsx', target: 'ref/lookups' },
      { from: 'supervision/boardColumns.tsx', target: 'ref/lookups' },
    ];
    expect(internalImports(imports)).toEqual([
      'meeting/useMeetingData.ts -> assessment/data',
      'wall/panels/FiguresPanel.tsx -> stats/kit/format',
      'meeting/slides/parts.tsx -> wall/overdue',
      'meeting/MeetingPage.tsx -> stats/StatsPage',
      'supervision/boardColumns.tsx -> ref/lookups',
    ]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const g = new Map([
      ['case', new Set(['supervision'])],
      ['supervision', new Set(['case'])],
    ]);
    expect(cycles(g)).toContain('case -> supervision -> case');
  });
});
