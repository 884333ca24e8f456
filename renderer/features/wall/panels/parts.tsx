/** Building blocks of the wall's panels: rows, big counts, bars, rank badges and unit names. */
import { type ReactNode } from 'react';
import type { RefData } from '../../../../shared/refData.js';
import { w } from '../strings.js';
import { C } from '../theme.js';

/** The unit a clock runs against: the centre itself or a department. */
export const unitOf = (unitId: string | undefined, ref: RefData) => (unitId === 'centre' ? w.centre : nameOf(ref.departments, unitId));

export const nameOf = (list: readonly { id: string; name: string; shortName?: string }[], id: string | undefined) => {
  const x = id ? list.find((e) => e.id === id) : undefined;
  return x ? (x.shortName ?? x.name) : '—';
};

export function Row({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div
      data-testid={testId}
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 28,
        height: 92,
        borderBottom: `1px solid ${C.border}`,
        fontSize: 34,
        whiteSpace: 'nowrap',
        overflow: 'hidden',
      }}
    >
      {children}
    </div>
  );
}

export function BigCount({ label, n, tone, testId }: { label: string; n: number; tone: string; testId: string }) {
  return (
    <div style={{ display: 'flex', alignItems: 'baseline', gap: 20, marginBottom: 16 }}>
      <span style={{ fontSize: 40, color: C.muted }}>{label}</span>
      <span data-testid={testId} style={{ fontSize: 96, fontWeight: 700, color: tone, fontVariantNumeric: 'tabular-nums', lineHeight: 1 }}>
        {n}
      </span>
      <span style={{ fontSize: 40, color: C.muted }}>{w.pieces}</span>
    </div>
  );
}

export function Bar({ ratio, color }: { ratio: number; color: string }) {
  return (
    <div style={{ flex: '1 1 0', height: 30, background: 'rgba(255,255,255,0.08)', borderRadius: 15, overflow: 'hidden' }}>
      <div style={{ width: `${Math.max(0, Math.min(1, ratio)) * 100}%`, height: '100%', background: color, borderRadius: 15 }} />
    </div>
  );
}

export function RankBadge({ n }: { n: number }) {
  const bg = n === 1 ? '#f5b800' : n === 2 ? '#b8c4d6' : n === 3 ? '#cd7f32' : C.border;
  return (
    <span
      style={{
        display: 'inline-flex',
        width: 60,
        height: 60,
        borderRadius: 30,
        background: bg,
        color: '#04122e',
        fontWeight: 700,
        fontSize: 34,
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      {n}
    </span>
  );
}
