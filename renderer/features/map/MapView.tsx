/**
 * The map as screens use it: GridMap with the configured basemap (ref `mapTiles`, tiles through the core's
 * 'map.tile'), so every screen shows the same basemap without wiring it. GridMap itself stays free of the
 * store (the map frame bench draws it alone).
 */
import { useMemo } from 'react';
import { useApi } from '../../store/hooks.js';
import { useRefData } from '../ref/index.js';
import { GridMap, type Basemap, type GridMapProps } from './GridMap.js';

/** The configured basemap, or undefined for the plain background. */
export function useBasemap(): Basemap | undefined {
  const tiles = useRefData()?.mapTiles ?? null;
  const api = useApi();
  const url = tiles?.url;
  const maxZoom = tiles?.maxZoom;
  return useMemo(
    () => (url !== undefined && maxZoom !== undefined ? { key: url, maxZoom, load: (z: number, x: number, y: number) => api.call('map.tile', { z, x, y }) } : undefined),
    [url, maxZoom, api],
  );
}

export function MapView(props: GridMapProps) {
  const basemap = useBasemap();
  return <GridMap {...props} basemap={props.basemap ?? basemap} />;
}
