/** The maps' public entry: other features import the map only from here. */
export { GridMap, type GridMapProps, type MapGrid, type MapShading, type Area } from './GridMap.js';
export { PointIndex, type MapPoint } from './pointIndex.js';
export { pointStateOf, POINT_LOOK, WALL_THEME, WORKSTATION_THEME, shadeIndex, type PointState } from './palette.js';
