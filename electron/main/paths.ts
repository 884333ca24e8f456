/** Where the bundled shell finds its parts, relative to dist/electron (inside app.asar when packaged). Pure. */
import path from 'node:path';

export interface ShellPaths {
  rendererRoot: string;
  preload: string;
  coreHost: string;
  icon: string;
}

export function shellPaths(bundleDir: string): ShellPaths {
  return {
    rendererRoot: path.resolve(bundleDir, '..', 'renderer'),
    preload: path.join(bundleDir, 'preload.cjs'),
    coreHost: path.join(bundleDir, 'coreHost.cjs'),
    icon: path.resolve(bundleDir, '..', '..', 'resources', 'icon.png'),
  };
}
