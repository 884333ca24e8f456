// shpjs 6 ships no types; only the zip entry point is used (see ./import.ts).
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';
  export function parseZip(
    buffer: ArrayBuffer | Uint8Array,
    whiteList?: string[],
  ): Promise<(FeatureCollection & { fileName?: string }) | (FeatureCollection & { fileName?: string })[]>;
  const getShapefile: (base: ArrayBuffer | Uint8Array) => Promise<unknown>;
  export default getShapefile;
}
