/**
 * Colours and shapes of the maps. Case points carry their clock state three ways: colour (Okabe–Ito,
 * readable with the common colour-vision deficiencies), shape (circle, triangle, square, bar) and the text
 * in the tooltip and the list beside the map (ux.md: never colour alone).
 */
import type { ClockState } from '../../../shared/model.js';

/** The state a point shows: its nearest running clock's, or 'none' (no running clock). */
export type PointState = 'normal' | 'warning' | 'overdue' | 'paused' | 'none';

export function pointStateOf(state: ClockState | undefined): PointState {
  if (state === 'normal' || state === 'warning' || state === 'overdue' || state === 'paused') return state;
  return 'none';
}

export interface PointLook {
  colour: string;
  /** Number of corners of the marker: 0 = circle, 3 = triangle, 4 = square, 2 = bar. */
  corners: 0 | 2 | 3 | 4;
}

export const POINT_LOOK: Record<PointState, PointLook> = {
  normal: { colour: '#0072B2', corners: 0 },
  warning: { colour: '#E69F00', corners: 3 },
  overdue: { colour: '#D55E00', corners: 4 },
  paused: { colour: '#5E5E5E', corners: 2 },
  none: { colour: '#009E73', corners: 0 },
};

/** Order of severity, for a cluster's colour (its worst member) and for drawing order. */
export const SEVERITY: Record<PointState, number> = { none: 0, normal: 1, paused: 2, warning: 3, overdue: 4 };

export interface MapTheme {
  background: string;
  outline: string;
  outlineWidth: number;
  community: string;
  communityWidth: number;
  grid: string;
  gridWidth: number;
  label: string;
  labelHalo: string;
  /** CSS font of grid labels. */
  labelFont: string;
  /** CSS font of community names (drawn when the map labels communities instead of grids). */
  communityFont: string;
  /** Radius of a single case marker in CSS pixels. */
  pointRadius: number;
  selected: string;
  /** Shades of grids from none to most, light to dark (wall: dark to bright). */
  shades: readonly string[];
  problem: string;
}

const FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

export const WORKSTATION_THEME: MapTheme = {
  background: '#f4f6f9',
  outline: '#1d3f73',
  outlineWidth: 3,
  community: '#4a6a9a',
  communityWidth: 2,
  grid: '#8ea3c2',
  gridWidth: 1,
  label: '#24364f',
  labelHalo: '#ffffff',
  labelFont: `12px ${FONT}`,
  communityFont: `bold 16px ${FONT}`,
  pointRadius: 6,
  selected: '#111111',
  shades: ['#f4f6f9', '#d6e4f5', '#9ec3ea', '#5b9bd5', '#2166ac'],
  problem: '#cc0066',
};

/** The wall: dark, large, readable from the back of the room (ux.md). Sizes are in design pixels (1920×1080). */
export const WALL_THEME: MapTheme = {
  background: '#04122e',
  outline: '#3fd0ff',
  outlineWidth: 5,
  community: '#cfe0ff',
  communityWidth: 4,
  grid: '#2d4f86',
  gridWidth: 1.5,
  label: '#e6f0ff',
  labelHalo: '#04122e',
  labelFont: `bold 28px ${FONT}`,
  communityFont: `bold 36px ${FONT}`,
  pointRadius: 14,
  selected: '#ffffff',
  shades: ['#0a2150', '#1c4a7e', '#2f77a8', '#52a7cf', '#8fd6f0'],
  problem: '#ff5bd0',
};

/** Shade index (0 = none) of a value among ascending step thresholds: steps[i] is the lowest value of shade i+1. */
export function shadeIndex(value: number, steps: readonly number[]): number {
  let i = 0;
  while (i < steps.length && value >= steps[i]!) i++;
  return i;
}
