/** The maps' public entry: other features import the map only from here (GridMap: the map with the configured basemap). */
export { MapView as GridMap, useBasemap } from './MapView.js';
export { type GridMapProps, type MapGrid, type MapShading, type Area, type Basemap } from './GridMap.js';
export { PointIndex, type MapPoint } from './pointIndex.js';
export { pointStateOf, POINT_LOOK, WALL_THEME, WORKSTATION_THEME, shadeIndex, type PointState } from './palette.js';
