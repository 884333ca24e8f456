/** OpenLayers styles of the maps, cached per look (a style object per drawn feature would cost frames). */
import Style from 'ol/style/Style.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Text from 'ol/style/Text.js';
import CircleStyle from 'ol/style/Circle.js';
import RegularShape from 'ol/style/RegularShape.js';
import type { FeatureLike } from 'ol/Feature.js';
import { POINT_LOOK, shadeIndex, type MapTheme, type PointState } from './palette.js';
import { t } from '../../i18n/zh-CN.js';

const cache = new Map<string, Style | Style[]>();

function cached<T extends Style | Style[]>(key: string, make: () => T): T {
  let s = cache.get(key) as T | undefined;
  if (!s) {
    s = make();
    cache.set(key, s);
  }
  return s;
}

/** Below this resolution (metres per pixel) grids carry their number; below FULL_NAME_RESOLUTION their name. */
export const GRID_LABEL_RESOLUTION = 12;
export const FULL_NAME_RESOLUTION = 3.5;

const GRID_NUMBER = new RegExp(t.map.gridNumber);

/** The grid's number within its community (黄石东第01网格 → 01), else the code's last three digits. */
export function shortGridLabel(name: string, code: string): string {
  const m = GRID_NUMBER.exec(name);
  return m ? m[1]! : code.slice(-3);
}

export function gridStyle(f: FeatureLike, resolution: number, theme: MapTheme, shading: { values: Readonly<Record<string, number>>; steps: readonly number[] } | undefined): Style {
  const code = f.get('code') as string;
  const shade = shading ? shadeIndex(shading.values[code] ?? 0, shading.steps) : 0;
  const label = resolution < GRID_LABEL_RESOLUTION;
  const base = cached(`grid:${theme.grid}:${shade}:${theme.shades[shade]}`, () => new Style({
    stroke: new Stroke({ color: theme.grid, width: theme.gridWidth }),
    fill: new Fill({ color: theme.shades[Math.min(shade, theme.shades.length - 1)]! }),
  }));
  if (!label) return base;
  const full = resolution < FULL_NAME_RESOLUTION;
  // One style per grid for its label (the text differs); cached by code, shade, its colour (a theme over a
  // basemap has other fills) and label kind.
  return cached(`gridl:${theme.labelFont}:${theme.grid}:${theme.shades[shade]}:${code}:${shade}:${full}`, () => new Style({
    stroke: base.getStroke() ?? undefined,
    fill: base.getFill() ?? undefined,
    text: new Text({
      text: full ? (f.get('name') as string) : shortGridLabel(f.get('name') as string, code),
      font: theme.labelFont,
      fill: new Fill({ color: theme.label }),
      stroke: new Stroke({ color: theme.labelHalo, width: 3 }),
      overflow: false,
    }),
  }));
}

export function lineStyle(f: FeatureLike, resolution: number, theme: MapTheme, labelCommunities: boolean): Style {
  const outline = f.get('kind') === 'outline';
  // Community names in the overview (the wall always; the workstation until grid names take over).
  const show = labelCommunities || resolution >= FULL_NAME_RESOLUTION;
  const name = !outline && show ? (f.get('name') as string | undefined) : undefined;
  return cached(`line:${outline}:${theme.outline}:${name ?? ''}:${theme.communityFont}`, () => new Style({
    stroke: new Stroke({ color: outline ? theme.outline : theme.community, width: outline ? theme.outlineWidth : theme.communityWidth }),
    text: name
      ? new Text({ text: name, font: theme.communityFont, fill: new Fill({ color: theme.label }), stroke: new Stroke({ color: theme.labelHalo, width: 5 }), overflow: true })
      : undefined,
  }));
}

function marker(state: PointState, radius: number, stroke: Stroke): CircleStyle | RegularShape {
  const look = POINT_LOOK[state];
  const fill = new Fill({ color: look.colour });
  if (look.corners === 0) return new CircleStyle({ radius, fill, stroke });
  // Paused: a hollow ring (the clock stands still), told apart from the filled circle by shape alone.
  if (look.corners === 2) return new CircleStyle({ radius, fill: new Fill({ color: '#ffffff' }), stroke: new Stroke({ color: look.colour, width: Math.max(2, radius / 2.5) }) });
  if (look.corners === 3) return new RegularShape({ points: 3, radius: radius * 1.25, angle: 0, fill, stroke });
  return new RegularShape({ points: 4, radius: radius * 1.2, angle: Math.PI / 4, fill, stroke });
}

export function pointStyle(state: PointState, selected: boolean, theme: MapTheme): Style | Style[] {
  return cached(`pt:${theme.pointRadius}:${state}:${selected}`, () => {
    const dot = new Style({ image: marker(state, theme.pointRadius, new Stroke({ color: '#ffffff', width: 1.5 })), zIndex: selected ? 10 : 1 });
    if (!selected) return dot;
    const ring = new Style({
      image: new CircleStyle({ radius: theme.pointRadius * 2, stroke: new Stroke({ color: theme.selected, width: 3 }) }),
      zIndex: 9,
    });
    return [ring, dot];
  });
}

export function clusterStyle(count: number, worst: PointState, theme: MapTheme): Style {
  const text = count > 999 ? `${Math.floor(count / 1000)}k` : String(count);
  const r = theme.pointRadius * (count < 10 ? 1.8 : count < 100 ? 2.3 : 2.8);
  return cached(`cl:${theme.pointRadius}:${worst}:${text}:${r}`, () => new Style({
    image: new CircleStyle({
      radius: r,
      fill: new Fill({ color: POINT_LOOK[worst].colour }),
      stroke: new Stroke({ color: '#ffffff', width: 2 }),
    }),
    // Dark text on the light amber of 'warning' (white on amber fails contrast), white elsewhere.
    text: new Text({ text, font: theme.labelFont.replace(/\d+px/, `${Math.round(r)}px`), fill: new Fill({ color: worst === 'warning' ? '#1a1a1a' : '#ffffff' }) }),
  }));
}

export function problemStyle(theme: MapTheme): Style {
  return cached(`problem:${theme.problem}`, () => new Style({
    stroke: new Stroke({ color: theme.problem, width: 3, lineDash: [6, 4] }),
    fill: new Fill({ color: 'rgba(204, 0, 102, 0.25)' }),
    image: new CircleStyle({ radius: 8, stroke: new Stroke({ color: theme.problem, width: 3 }) }),
  }));
}

export function radiusStyle(theme: MapTheme): Style {
  return cached(`radius:${theme.selected}`, () => new Style({
    stroke: new Stroke({ color: theme.selected, width: 2, lineDash: [4, 4] }),
    fill: new Fill({ color: 'rgba(0, 114, 178, 0.06)' }),
  }));
}
