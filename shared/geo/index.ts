/** The spatial model of the base grid: types, CRS conversion, division validation, location → grid, imports. */
export * from './types.js';
export {
  requireCrs,
  toCgcs2000Position,
  fromCgcs2000Position,
  toCgcs2000Point,
  toCgcs2000Boundary,
  judgePosition,
  CHINA_EXTENT,
  GeoImportError,
  type CoordinateVerdict,
} from './crs.js';
export { areaM2, bbox, intersection, subtract, unionAll, polygonsOf, type BBox } from './geometry.js';
export { validateDivision, boundaryProblems, DEFAULT_TOLERANCE_M2, type ValidateOptions } from './validate.js';
export { divisionInForce, inForce } from './division.js';
export {
  importGeoJson,
  importShapefileZip,
  draftFromFeatureCollection,
  type AttributeMapping,
  type ImportOptions,
  type ImportProblem,
  type ImportProblemKind,
  type ImportResult,
} from './import.js';
export { GridLocator, checkReportedGrid, divisionLocators, type LocatedGrid, type GridAgreement } from './locator.js';
