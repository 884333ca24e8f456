/** The wall's look: the 1920x1080 design canvas, its dark navy palette, font and shared panel styles. */
import { type CSSProperties } from 'react';

export const DESIGN_W = 1920;

export const DESIGN_H = 1080;

export const C = {
  bg: '#04122e',
  bg2: '#0a2150',
  panel: 'rgba(18, 52, 110, 0.55)',
  border: '#1f4f9a',
  text: '#e6f0ff',
  muted: '#9fb6da',
  accent: '#3fd0ff',
  good: '#3ee08f',
  warn: '#ffc53d',
  bad: '#ff5b5b',
};

export const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

export const panelBox: CSSProperties = {
  background: C.panel,
  border: `2px solid ${C.border}`,
  borderRadius: 12,
  padding: '28px 36px',
  boxSizing: 'border-box',
};

export const ellipsis: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };
