/**
 * Structure figures of the product code, per folder: how many source files, the largest file and the
 * largest function (in lines). Tests (`*.test.ts(x)`), test support (`testing/` folders), e2e/ and bench/
 * are left out. `npm run structure` prints a Markdown table; `-- --json` prints JSON.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..');
const LAYERS = ['shared', 'renderer', 'electron', 'relay', 'scripts'];
const SKIP_DIRS = new Set(['node_modules', 'testing', 'dist', '.tsbuild']);

interface FolderFigures {
  folder: string;
  files: number;
  lines: number;
  largestFile: { path: string; lines: number };
  largestFunction: { name: string; path: string; lines: number };
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir)).sort()) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) {
      if (!SKIP_DIRS.has(name)) out.push(...sourceFiles(path));
    } else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every function-like node with the lines it spans and a readable name. */
function functions(path: string, text: string): { name: string; lines: number }[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { name: string; lines: number }[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const nameOf = (node: ts.Node): string => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText(source);
    if (ts.isConstructorDeclaration(node)) return 'constructor';
    const parent = node.parent;
    if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
    if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
    if (parent && ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
    return '(anonymous)';
  };
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isConstructorDeclaration(node)) {
      if (node.body) found.push({ name: nameOf(node), lines: lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export function structureFigures(): FolderFigures[] {
  const byFolder = new Map<string, FolderFigures>();
  for (const layer of LAYERS) {
    for (const path of sourceFiles(layer)) {
      const text = readFileSync(join(root, path), 'utf8');
      const lines = text.split('\n').length;
      const folder = relative(root, join(root, dirname(path)));
      const figures = byFolder.get(folder) ?? { folder, files: 0, lines: 0, largestFile: { path: '', lines: 0 }, largestFunction: { name: '', path: '', lines: 0 } };
      figures.files += 1;
      figures.lines += lines;
      if (lines > figures.largestFile.lines) figures.largestFile = { path, lines };
      for (const fn of functions(path, text)) {
        if (fn.lines > figures.largestFunction.lines) figures.largestFunction = { ...fn, path };
      }
      byFolder.set(folder, figures);
    }
  }
  return [...byFolder.values()].sort((a, b) => a.folder.localeCompare(b.folder));
}

const isMain = process.argv[1] && import.meta.filename === process.argv[1];
if (isMain) {
  const figures = structureFigures();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(figures, null, 2));
  } else {
    const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
    console.log('| folder | files | lines | largest file | largest function |');
    console.log('|---|---:|---:|---|---|');
    for (const f of figures) {
      console.log(`| ${f.folder} | ${f.files} | ${f.lines} | ${base(f.largestFile.path)} ${f.largestFile.lines} | ${f.largestFunction.name} (${base(f.largestFunction.path)}) ${f.largestFunction.lines} |`);
    }
  }
}
