/**
 * The case points of a map, clustered with supercluster (a k-d tree built once per point set; a viewport
 * query is a tree walk, so 50,000 points pan and zoom without a long task). Pure: no OpenLayers here.
 */
import Supercluster, { type ClusterProperties } from 'supercluster';
import { SEVERITY, type PointState } from './palette.js';

export interface MapPoint {
  id: string;
  lon: number;
  lat: number;
  state: PointState;
  /** Case number and title, shown in the tooltip. */
  code: string;
  title: string;
}

interface PointProps {
  id: string;
  state: PointState;
  code: string;
  title: string;
}

interface ClusterProps {
  worst: number;
}

export type Shown =
  | { kind: 'point'; lon: number; lat: number; point: MapPoint }
  | { kind: 'cluster'; lon: number; lat: number; clusterId: number; count: number; worst: PointState };

/**
 * The deepest zoom that still clusters; past it every case is its own marker. 19 (about 0.3 m a pixel):
 * at 18 a busy street puts thousands of separate markers in one view (50,000 open cases: some 3,400 on a
 * 1600 × 900 map), which overlap into a blot and cost a long task to draw; at 19 a cluster only joins
 * cases within some 14 m, and a click on it opens it.
 */
export const LAST_CLUSTER_ZOOM = 19;

const BY_SEVERITY: PointState[] = ['none', 'normal', 'paused', 'warning', 'overdue'];

export class PointIndex {
  private readonly index: Supercluster<PointProps, ClusterProps>;
  readonly size: number;

  constructor(points: readonly MapPoint[], radiusPx = 48, maxZoom = LAST_CLUSTER_ZOOM) {
    this.index = new Supercluster<PointProps, ClusterProps>({
      radius: radiusPx,
      maxZoom,
      map: (p) => ({ worst: SEVERITY[p.state] }),
      reduce: (acc, p) => {
        if (p.worst > acc.worst) acc.worst = p.worst;
      },
    });
    this.index.load(
      points.map((p) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
        properties: { id: p.id, state: p.state, code: p.code, title: p.title },
      })),
    );
    this.size = points.length;
  }

  /** What to draw in a lon/lat box [west, south, east, north] at an integer zoom. */
  query(bbox: [number, number, number, number], zoom: number): Shown[] {
    const out: Shown[] = [];
    for (const f of this.index.getClusters(bbox, Math.round(zoom))) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      const p = f.properties as Partial<ClusterProperties & ClusterProps & PointProps>;
      if (p.cluster) {
        out.push({ kind: 'cluster', lon, lat, clusterId: p.cluster_id!, count: p.point_count!, worst: BY_SEVERITY[p.worst ?? 0]! });
      } else {
        out.push({ kind: 'point', lon, lat, point: { id: p.id!, lon, lat, state: p.state!, code: p.code!, title: p.title! } });
      }
    }
    return out;
  }

  /** The zoom at which a cluster falls apart (click on a cluster zooms there). */
  expansionZoom(clusterId: number): number {
    return this.index.getClusterExpansionZoom(clusterId);
  }
}
