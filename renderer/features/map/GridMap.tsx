/**
 * The base grid on a map (一张图): street outline, community and grid boundaries with names, optional grid
 * shading, case points clustered at low zoom, a radius ring, problem places of a division check. OpenLayers
 * on Canvas: no GPU and no internet needed; no basemap by default (a configured XYZ tile service is an
 * option and falls back to the plain background with a note when it cannot be reached).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import { circular } from 'ol/geom/Polygon.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorImageLayer from 'ol/layer/VectorImage.js';
import VectorSource from 'ol/source/Vector.js';
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';
import type ImageTile from 'ol/ImageTile.js';
import TileState from 'ol/TileState.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import { defaults as defaultInteractions } from 'ol/interaction/defaults.js';
import { fromLonLat, toLonLat, transformExtent } from 'ol/proj.js';
import { createEmpty, extend, isEmpty } from 'ol/extent.js';
import type { Geometry } from 'ol/geom.js';
import type { Polygon as GeoPolygon, MultiPolygon as GeoMultiPolygon, Geometry as GeoGeometry } from 'geojson';
import { PointIndex, type MapPoint, type Shown } from './pointIndex.js';
import { WALL_THEME, WORKSTATION_THEME, type MapTheme } from './palette.js';
import { clusterStyle, gridStyle, lineStyle, pointStyle, problemStyle, radiusStyle } from './styles.js';
import { t, fmt } from '../../i18n/zh-CN.js';

export type Area = GeoPolygon | GeoMultiPolygon;

/** A basemap tile source: tiles come from the workstation core ('map.tile'), never from the page itself. */
export interface Basemap {
  /** Identifies the service (another key: another layer). */
  key: string;
  maxZoom: number;
  load(z: number, x: number, y: number): Promise<{ type: string; data: string }>;
}

/** The theme over a basemap: grid fills translucent, so the basemap shows through. */
function overBasemap(theme: MapTheme): MapTheme {
  const translucent = (hex: string, alpha: number) => {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  };
  return { ...theme, shades: theme.shades.map((c, i) => (c.startsWith('#') && c.length === 7 ? translucent(c, i === 0 ? 0.12 : 0.6) : c)) };
}

/** A tile's bytes (base64 from the API) as an object URL for the tile image (the CSP allows blob:). */
function tileObjectUrl(t: { type: string; data: string }): string {
  const bin = atob(t.data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: t.type }));
}

export interface MapGrid {
  code: string;
  name: string;
  boundary: Area;
  /** Grid worker's name, for the tooltip. */
  worker?: string;
}

export interface MapShading {
  /** Value per grid code (reports, overdue cases …). */
  values: Readonly<Record<string, number>>;
  /** Ascending thresholds: a grid with value ≥ steps[i] gets shade i+1. */
  steps: readonly number[];
}

export interface GridMapProps {
  outline?: Area;
  communities?: readonly { id: string; name: string; boundary: Area }[];
  grids: readonly MapGrid[];
  points?: readonly MapPoint[];
  selectedId?: string;
  onSelect?: (id: string) => void;
  onGridClick?: (code: string) => void;
  /** A click on the map that hit no case point: its position (pick a location). */
  onPick?: (p: { lon: number; lat: number }) => void;
  shading?: MapShading;
  /** Places to draw in the problem colour (division check), any GeoJSON geometry. */
  problems?: readonly GeoGeometry[];
  /** A ring of `metres` around a point (nearby open cases). */
  radius?: { lon: number; lat: number; metres: number };
  /** Fit the view to this geometry (a problem of a division check) when it changes. */
  fitTo?: GeoGeometry;
  /** Fit the view to these points instead of the whole street. */
  focus?: { lon: number; lat: number };
  focusZoom?: number;
  variant?: 'workstation' | 'wall';
  /** What carries names: the grids (workstation, at street zoom) or the communities (wall, overview). */
  labels?: 'grids' | 'communities';
  /** A basemap under the grids (the configured tile service, through the core); absent = plain background. */
  basemap?: Basemap;
  /** Canvas pixels per CSS pixel (the wall draws on a scaled design canvas). */
  pixelRatio?: number;
  height?: number | string;
  testId?: string;
  /** Pixels within which points cluster (default 48; a handful of nearby cases: 0, never clustered). */
  clusterRadius?: number;
  /** Cases of the same selection without a position (said in a note, never silently dropped). */
  unplaced?: number;
}

/** Whether this page has done OpenLayers' one-time canvas-read benchmark (see the map effect). */
let hitTestWarmed = false;

const geojson = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

function toFeature(geometry: GeoGeometry, props: Record<string, unknown>): Feature<Geometry> {
  const f = new Feature<Geometry>({ geometry: geojson.readGeometry(geometry) as Geometry });
  f.setProperties(props);
  return f;
}

interface Tip {
  x: number;
  y: number;
  text: string;
}

export function GridMap(props: GridMapProps) {
  const { grids, communities, outline, points, variant = 'workstation' } = props;
  const plainTheme: MapTheme = variant === 'wall' ? WALL_THEME : WORKSTATION_THEME;
  // Over a basemap the unshaded grids are see-through (a shaded grid keeps its colour, a little lighter).
  const theme: MapTheme = useMemo(() => (props.basemap ? overBasemap(plainTheme) : plainTheme), [plainTheme, props.basemap]);
  const themeRef = useRef(theme);
  themeRef.current = theme;
  const host = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const sources = useRef<{ base: VectorSource; grids: VectorSource; extra: VectorSource; points: VectorSource } | null>(null);
  const [tip, setTip] = useState<Tip | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const [shownCount, setShownCount] = useState({ points: 0, clusters: 0 });
  const [hitReady, setHitReady] = useState(false);
  const index = useMemo(() => new PointIndex(points ?? [], props.clusterRadius ?? 48), [points, props.clusterRadius]);
  const byId = useMemo(() => new Map((points ?? []).map((p) => [p.id, p])), [points]);
  const latest = useRef(props);
  latest.current = props;
  const indexRef = useRef(index);
  indexRef.current = index;

  // The map itself, once per mount and variant.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const base = new VectorSource();
    const gridSrc = new VectorSource();
    const extra = new VectorSource();
    const pointSrc = new VectorSource();
    sources.current = { base, grids: gridSrc, extra, points: pointSrc };
    const interactive = variant !== 'wall';
    const map = new OlMap({
      target: el,
      pixelRatio: props.pixelRatio ?? window.devicePixelRatio,
      controls: interactive ? defaultControls({ attribution: false, rotate: false }) : [],
      interactions: interactive ? defaultInteractions({ altShiftDragRotate: false, pinchRotate: false }) : [],
      layers: [
        new VectorLayer({
          source: gridSrc,
          style: (f, res) => gridStyle(f, latest.current.labels === 'communities' ? Infinity : res, themeRef.current, latest.current.shading),
          declutter: true,
        }),
        new VectorLayer({
          source: base,
          style: (f, res) => lineStyle(f, res, theme, latest.current.labels === 'communities'),
          declutter: true,
        }),
        new VectorLayer({ source: extra, style: (f) => (f.get('kind') === 'radius' ? radiusStyle(theme) : problemStyle(theme)) }),
        // Case points are drawn into one image per view and moved as a bitmap while the map is panned or
        // zoomed (a plain vector layer replays every point's instructions each frame: some 55 ms a frame
        // with thousands of points on this machine); the image covers 1.5× the view so a pan shows points
        // at the edges, and is redrawn when the move ends.
        new VectorImageLayer({
          source: pointSrc,
          imageRatio: 1.5,
          style: (f) =>
            f.get('kind') === 'cluster'
              ? clusterStyle(f.get('count') as number, f.get('worst'), theme)
              : pointStyle(f.get('state'), f.get('id') === latest.current.selectedId, theme),
        }),
      ],
      view: new View({ center: fromLonLat([113.3, 23.2]), zoom: 14, maxZoom: 20, minZoom: 10 }),
    });
    mapRef.current = map;
    // OpenLayers times canvas reads once per page (three 50 ms loops) on the first hit test; done here at
    // idle after the first full draw, so the dispatcher's first hover or click on a map does not stall.
    map.once('rendercomplete', () => {
      const warm = () => {
        if (mapRef.current === map && !hitTestWarmed) {
          map.forEachFeatureAtPixel([0, 0], () => undefined);
          hitTestWarmed = true;
        }
        setHitReady(true);
      };
      if (hitTestWarmed) setHitReady(true);
      else if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 2000 });
      else setTimeout(warm, 0);
    });

    // What is on the map, by key (a point's id; a cluster's zoom and id within the current index). A move
    // re-queries the index and only adds what came into view and removes what left it: a pan at one zoom
    // keeps nearly every feature, and building thousands of features anew was most of a move's end.
    let drawnIndex: PointIndex | null = null;
    let drawn = new Map<string, Feature<Geometry>>();
    const refreshPoints = () => {
      const size = map.getSize();
      if (!size) return;
      const view = map.getView();
      const extent = transformExtent(view.calculateExtent(size), 'EPSG:3857', 'EPSG:4326') as [number, number, number, number];
      const zoom = Math.round(view.getZoom() ?? 14);
      const index = indexRef.current;
      if (drawnIndex !== index) {
        drawnIndex = index;
        drawn = new Map();
        pointSrc.clear(true);
      }
      const shown = index.query(extent, zoom);
      const next = new Map<string, Feature<Geometry>>();
      let points = 0;
      for (const s of shown) {
        const key = s.kind === 'cluster' ? `c${zoom}:${s.clusterId}` : `p${s.point.id}`;
        if (s.kind === 'point') points++;
        next.set(key, drawn.get(key) ?? featureOf(s));
      }
      const gone: Feature<Geometry>[] = [];
      for (const [key, f] of drawn) if (!next.has(key)) gone.push(f);
      const added: Feature<Geometry>[] = [];
      for (const [key, f] of next) if (!drawn.has(key)) added.push(f);
      if (gone.length > next.size / 2) {
        pointSrc.clear(true);
        pointSrc.addFeatures([...next.values()]);
      } else {
        for (const f of gone) pointSrc.removeFeature(f);
        pointSrc.addFeatures(added);
      }
      drawn = next;
      setShownCount({ points, clusters: shown.length - points });
    };
    map.on('moveend', refreshPoints);
    (map as unknown as { refreshPoints: () => void }).refreshPoints = refreshPoints;

    map.on('singleclick', (e) => {
      let handled = false;
      map.forEachFeatureAtPixel(e.pixel, (f) => {
        if (handled) return;
        const kind = f.get('kind');
        if (kind === 'cluster') {
          const zoom = indexRef.current.expansionZoom(f.get('clusterId') as number);
          map.getView().animate({ center: (f.getGeometry() as Point).getCoordinates(), zoom, duration: 250 });
          handled = true;
        } else if (kind === 'point') {
          latest.current.onSelect?.(f.get('id') as string);
          handled = true;
        }
      });
      if (handled) return;
      const pick = latest.current.onPick;
      if (pick) {
        const [lon, lat] = toLonLat(e.coordinate) as [number, number];
        pick({ lon: Math.round(lon * 1e7) / 1e7, lat: Math.round(lat * 1e7) / 1e7 });
        return;
      }
      map.forEachFeatureAtPixel(e.pixel, (f) => {
        if (handled || f.get('kind') !== 'grid') return;
        latest.current.onGridClick?.(f.get('code') as string);
        handled = true;
      });
    });
    map.on('pointermove', (e) => {
      if (e.dragging) return;
      let text: string | null = null;
      map.forEachFeatureAtPixel(e.pixel, (f) => {
        if (text !== null) return;
        text = tipText(f);
      });
      setTip(text === null ? null : { x: e.pixel[0]!, y: e.pixel[1]!, text });
    });
    return () => {
      map.setTarget(undefined);
      mapRef.current = null;
      sources.current = null;
    };
    // The map is rebuilt only for another variant; everything else flows through the effects below.
  }, [variant]);

  // Tiles: an optional layer under everything, loaded through the core. A service that fails before any
  // tile arrived hides the layer (the plain background, with a note); once tiles came, a missing one
  // stays blank and the note says the basemap is incomplete.
  const basemap = props.basemap;
  const [tilesLoaded, setTilesLoaded] = useState(0);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !basemap) return;
    setTilesFailed(false);
    setTilesLoaded(0);
    let loaded = 0;
    const source = new XYZ({
      url: '{z}/{x}/{y}',
      maxZoom: basemap.maxZoom,
      tileLoadFunction: (tile, _src) => {
        const [z, x, y] = tile.getTileCoord() as [number, number, number];
        const image = (tile as ImageTile).getImage() as HTMLImageElement;
        basemap.load(z, x, y).then(
          (t) => {
            const url = tileObjectUrl(t);
            image.onload = () => URL.revokeObjectURL(url);
            image.onerror = () => URL.revokeObjectURL(url);
            image.src = url;
            loaded++;
            setTilesLoaded(loaded);
          },
          () => tile.setState(TileState.ERROR),
        );
      },
    });
    const layer = new TileLayer({ source, zIndex: -1 });
    source.on('tileloaderror', () => {
      if (loaded === 0) layer.setVisible(false);
      setTilesFailed(true);
    });
    map.addLayer(layer);
    return () => {
      map.removeLayer(layer);
    };
  }, [basemap, variant]);

  // Static geometry: outline, communities, grids; fit the view on first geometry.
  const fitted = useRef(false);
  useEffect(() => {
    const s = sources.current;
    const map = mapRef.current;
    if (!s || !map) return;
    s.base.clear(true);
    s.grids.clear(true);
    if (outline) s.base.addFeature(toFeature(outline, { kind: 'outline' }));
    for (const c of communities ?? []) s.base.addFeature(toFeature(c.boundary, { kind: 'community', name: c.name }));
    s.grids.addFeatures(grids.map((g) => toFeature(g.boundary, { kind: 'grid', code: g.code, name: g.name, worker: g.worker })));
    if (!fitted.current && !props.focus) {
      const extent = createEmpty();
      for (const f of [...s.base.getFeatures(), ...s.grids.getFeatures()]) extend(extent, f.getGeometry()!.getExtent());
      if (!isEmpty(extent)) {
        map.getView().fit(extent, { padding: [24, 24, 24, 24], size: map.getSize() ?? undefined });
        fitted.current = true;
      }
    }
  }, [grids, communities, outline, variant, props.focus]);

  // Focus on one place (workbench: the case in its grid).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !props.focus) return;
    map.getView().setCenter(fromLonLat([props.focus.lon, props.focus.lat]));
    map.getView().setZoom(props.focusZoom ?? 17);
  }, [props.focus?.lon, props.focus?.lat, props.focusZoom, variant]);

  // Zoom to one place (a problem picked in the list), with room around it.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !props.fitTo) return;
    const g = geojson.readGeometry(props.fitTo) as Geometry;
    map.getView().fit(g.getExtent(), { padding: [120, 120, 120, 120], maxZoom: 16, duration: 250, size: map.getSize() ?? undefined });
  }, [props.fitTo, variant]);

  // Problems and the radius ring.
  useEffect(() => {
    const s = sources.current;
    if (!s) return;
    s.extra.clear(true);
    for (const g of props.problems ?? []) s.extra.addFeature(toFeature(g, { kind: 'problem' }));
    if (props.radius) {
      const ring = circular([props.radius.lon, props.radius.lat], props.radius.metres, 64).transform('EPSG:4326', 'EPSG:3857');
      const f = new Feature<Geometry>({ geometry: ring });
      f.set('kind', 'radius');
      s.extra.addFeature(f);
    }
  }, [props.problems, props.radius?.lon, props.radius?.lat, props.radius?.metres, variant]);

  // Points: a new set re-queries the index; shading and selection only restyle.
  useEffect(() => {
    const map = mapRef.current as (OlMap & { refreshPoints?: () => void }) | null;
    map?.refreshPoints?.();
  }, [index, variant]);
  useEffect(() => {
    sources.current?.grids.changed();
  }, [props.shading, theme]);
  useEffect(() => {
    const map = mapRef.current;
    sources.current?.points.changed();
    const p = props.selectedId ? byId.get(props.selectedId) : undefined;
    if (!map || !p) return;
    const size = map.getSize();
    const coord = fromLonLat([p.lon, p.lat]);
    if (size) {
      const [w, s, e, n] = map.getView().calculateExtent(size);
      if (coord[0]! < w! || coord[0]! > e! || coord[1]! < s! || coord[1]! > n!) map.getView().animate({ center: coord, duration: 200 });
    }
  }, [props.selectedId, byId]);

  // Keep the canvas the size of its box (panels resize, the wall scales).
  useEffect(() => {
    const el = host.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => mapRef.current?.updateSize());
    ro.observe(el);
    return () => ro.disconnect();
  }, [variant]);

  const unplaced = props.unplaced ?? 0;
  return (
    <div
      style={{ position: 'relative', width: '100%', height: props.height ?? '100%', background: theme.background, overflow: 'hidden' }}
      data-testid={props.testId ?? 'grid-map'}
      data-shown-points={shownCount.points}
      data-shown-clusters={shownCount.clusters}
      data-grids={grids.length}
      data-hit-ready={hitReady ? '1' : '0'}
      data-problems={props.problems?.length ?? 0}
      data-tiles={basemap ? (tilesFailed ? 'failed' : tilesLoaded > 0 ? 'loaded' : 'loading') : 'none'}
    >
      <div ref={host} style={{ position: 'absolute', inset: 0 }} />
      {tip && (
        <div
          role="tooltip"
          style={{
            position: 'absolute',
            left: tip.x + 12,
            top: tip.y + 12,
            pointerEvents: 'none',
            background: 'rgba(255,255,255,0.96)',
            color: '#1f2a3a',
            border: '1px solid #c9d3e0',
            borderRadius: 4,
            padding: '4px 8px',
            fontSize: 12,
            whiteSpace: 'pre',
            zIndex: 2,
          }}
        >
          {tip.text}
        </div>
      )}
      {tilesFailed && (
        <div
          role="status"
          style={{
            position: 'absolute',
            left: 8,
            bottom: 8,
            fontSize: 12,
            color: '#56657a',
            background: 'rgba(255,255,255,0.85)',
            padding: '2px 6px',
            borderRadius: 3,
          }}
        >
          {tilesLoaded > 0 ? t.map.tilesPartial : t.map.tilesFailed}
        </div>
      )}
      {unplaced > 0 && (
        <div
          role="status"
          style={{
            position: 'absolute',
            right: 8,
            bottom: 8,
            fontSize: 12,
            color: '#56657a',
            background: 'rgba(255,255,255,0.85)',
            padding: '2px 6px',
            borderRadius: 3,
          }}
        >
          {fmt(t.map.noLocation, { n: unplaced })}
        </div>
      )}
    </div>
  );
}

function featureOf(s: Shown): Feature<Geometry> {
  const f = new Feature<Geometry>({ geometry: new Point(fromLonLat([s.lon, s.lat])) });
  // Silent: nothing listens to a feature before it is in a source.
  if (s.kind === 'cluster') f.setProperties({ kind: 'cluster', clusterId: s.clusterId, count: s.count, worst: s.worst }, true);
  else f.setProperties({ kind: 'point', id: s.point.id, state: s.point.state, code: s.point.code, title: s.point.title }, true);
  return f;
}

function tipText(f: { get(key: string): unknown }): string | null {
  const kind = f.get('kind');
  if (kind === 'point')
    return `${String(f.get('code'))} ${t.map.states[f.get('state') as keyof typeof t.map.states]}\n${String(f.get('title'))}`;
  if (kind === 'cluster') return `${fmt(t.map.clusterCount, { n: f.get('count') as number })}，${t.map.clusterHint}`;
  if (kind === 'grid') {
    const head = fmt(t.map.gridTooltip, { name: String(f.get('name')), code: String(f.get('code')) });
    const worker = f.get('worker');
    return worker ? `${head}\n${fmt(t.map.gridWorker, { name: String(worker) })}` : head;
  }
  return null;
}

/** Lon/lat of the view's centre (for tests and the acceptance form's picker). */
export function centreOf(map: OlMap): [number, number] {
  return toLonLat(map.getView().getCenter() ?? [0, 0]) as [number, number];
}
