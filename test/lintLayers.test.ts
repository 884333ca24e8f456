/**
 * The layer rule of eslint.config.js (eslint-plugin-boundaries, relative imports resolved by the TypeScript
 * resolver) refuses every import docs/architecture.md forbids and lets the allowed ones through. Each case
 * lints a small source text as if it were a file of one layer, importing a real file of another.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The first product source file (not a test, not test support) below `dir`, found afresh so moves do not break the test. */
function productFile(dir: string): string {
  const walk = (d: string): string | undefined => {
    for (const name of readdirSync(join(root, d)).sort()) {
      const path = join(d, name);
      if (statSync(join(root, path)).isDirectory()) {
        if (name === 'testing' || name === 'node_modules') continue;
        const found = walk(path);
        if (found) return found;
      } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) return path;
    }
    return undefined;
  };
  const found = walk(dir);
  if (!found) throw new Error(`no source file below ${dir}`);
  return found;
}

function testingFile(dir: string): string {
  const entries = readdirSync(join(root, dir, 'testing')).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'));
  return join(dir, 'testing', entries.sort()[0]!);
}

/** Lint `import … from <target>` written in a (virtual) file `fromFile`; the boundaries messages. */
async function layerErrors(fromFile: string, target: string): Promise<string[]> {
  let spec = relative(dirname(join(root, fromFile)), join(root, target)).replace(/\\/g, '/').replace(/\.tsx?$/, '.js');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  const [result] = await eslint.lintText(`import * as target from '${spec}';\nexport const used = target;\n`, { filePath: join(root, fromFile) });
  return result!.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

const at = (dir: string, name = 'layerProbe.ts') => join(dir, name);

const forbidden: [string, string, string][] = [
  ['shared imports the renderer', at('shared'), productFile('renderer/lib')],
  ['shared imports the core', at('shared'), productFile('electron/core')],
  ['shared imports the relay', at('shared'), productFile('relay')],
  ['the renderer imports the core', at('renderer/lib', 'layerProbe.tsx'), productFile('electron/core')],
  ['the renderer imports the relay', at('renderer/lib', 'layerProbe.tsx'), productFile('relay')],
  ['the core imports the relay', at('electron/core'), productFile('relay')],
  ['the core imports the Electron shell', at('electron/core'), productFile('electron/main')],
  ['the core imports the browser host', at('electron/core'), productFile('electron/web')],
  ['the core imports the renderer', at('electron/core'), productFile('renderer/lib')],
  ['the relay imports the core', at('relay'), productFile('electron/core')],
  ['the relay imports the renderer', at('relay'), productFile('renderer/lib')],
  ['the Electron shell imports the relay', at('electron/main'), productFile('relay')],
  ['the Electron shell imports the browser host', at('electron/main'), productFile('electron/web')],
  ['the browser host imports the Electron shell', at('electron/web'), productFile('electron/main')],
  ['product code imports relay test support', at('relay'), testingFile('relay')],
  ['product code imports core test support', at('electron/core'), testingFile('electron/core')],
];

const allowed: [string, string, string][] = [
  ['the renderer imports shared', at('renderer/lib', 'layerProbe.tsx'), 'shared/api.ts'],
  ['the core imports shared', at('electron/core'), 'shared/api.ts'],
  ['the relay imports shared', at('relay'), 'shared/api.ts'],
  ['the browser host imports the core', at('electron/web'), 'electron/core/index.ts'],
  ['a core test imports relay test support', at('electron/core', 'layerProbe.test.ts'), testingFile('relay')],
  ['core test support starts a real relay', at('electron/core/testing'), productFile('relay')],
];

describe('the layer rule', () => {
  it.each(forbidden)('refuses: %s', async (_what, from, target) => {
    const errors = await layerErrors(from, target);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/There is no policy allowing|never imports test support/);
  });

  it.each(allowed)('allows: %s', async (_what, from, target) => {
    expect(await layerErrors(from, target)).toEqual([]);
  });

  it('resolves a relative `.js` import to its TypeScript file (an unresolved import would pass unchecked)', async () => {
    const errors = await layerErrors(at('electron/core'), 'relay/server.ts');
    expect(errors).toHaveLength(1);
  });
});
