/**
 * Summarise a V8 CPU profile (.cpuprofile, e.g. from `bench/relay.ts --profile`): the share of samples per
 * function (self and inclusive) and per package / source folder, so a profile before and after a change can
 * be compared in a note without a browser.
 *
 *   npx tsx bench/profileSummary.ts relay.cpuprofile [--top 30]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  self: Array<{ name: string; ms: number; share: number }>;
  inclusive: Array<{ name: string; ms: number; share: number }>;
  byPackage: Array<{ name: string; ms: number; share: number }>;
}

const where = (url: string): string => {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const root = url.indexOf('/bench/') >= 0 ? url.indexOf('/bench/') : Math.max(url.indexOf('/relay/'), url.indexOf('/shared/'));
  return root >= 0 ? url.slice(root + 1) : url.replace(/^file:\/\//, '');
};
const packageOf = (url: string): string => {
  if (!url) return '(native / VM)';
  if (url.startsWith('node:')) return 'node core';
  const w = where(url);
  if (url.includes('node_modules/')) return w.startsWith('@') ? w.split('/').slice(0, 2).join('/') : w.split('/')[0]!;
  return w.split('/')[0] + '/';
};

export function summarise(profile: CpuProfile, top = 30): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const timeOf = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    timeOf.set(id, (timeOf.get(id) ?? 0) + dt);
    total += dt;
  });
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  const pkg = new Map<string, number>();
  let idle = 0;
  for (const [id, t] of timeOf) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') {
      idle += t;
      continue;
    }
    self.set(key(n), (self.get(key(n)) ?? 0) + t);
    pkg.set(packageOf(n.callFrame.url), (pkg.get(packageOf(n.callFrame.url)) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + t);
    }
  }
  const busy = total - idle;
  const rows = (m: Map<string, number>) =>
    [...m]
      .filter(([name]) => !name.startsWith('(idle)') && !name.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, t]) => ({ name, ms: Math.round(t / 1000), share: Math.round((1000 * t) / Math.max(1, busy)) / 10 }));
  return { totalMs: Math.round(total / 1000), idleMs: Math.round(idle / 1000), self: rows(self), inclusive: rows(incl), byPackage: rows(pkg) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx bench/profileSummary.ts file.cpuprofile [--top N]');
    process.exit(2);
  }
  const i = process.argv.indexOf('--top');
  const s = summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, i > 0 ? Number(process.argv[i + 1]) : 30);
  const print = (title: string, rows: ProfileSummary['self']) => {
    console.log(`--- ${title} (share of busy time)`);
    for (const r of rows) console.log(`${String(r.ms).padStart(8)} ms ${r.share.toFixed(1).padStart(5)} %  ${r.name}`);
  };
  console.log(`profile ${file}: ${s.totalMs} ms sampled, ${s.idleMs} ms idle, ${s.totalMs - s.idleMs} ms busy`);
  print('by package', s.byPackage);
  print('self time', s.self);
  print('inclusive time', s.inclusive);
}
