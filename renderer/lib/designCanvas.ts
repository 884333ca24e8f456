/**
 * A screen designed on a fixed 1920x1080 canvas and scaled to the viewport with a CSS transform, so it
 * looks the same at 1920x1080 and 3840x2160, only sharper (ux.md, wall display). Meeting mode uses it; the
 * wall display has the same arithmetic in features/wall/layout.tsx.
 */
import { useEffect, useState } from 'react';

export const CANVAS_W = 1920;
export const CANVAS_H = 1080;

export interface CanvasFit {
  scale: number;
  left: number;
  top: number;
}

/** The scale that fits the canvas into the viewport, and the offsets that centre it. */
export function fitDesignCanvas(vw: number, vh: number): CanvasFit {
  const scale = Math.min(vw / CANVAS_W, vh / CANVAS_H);
  return { scale, left: (vw - CANVAS_W * scale) / 2, top: (vh - CANVAS_H * scale) / 2 };
}

/** The canvas fit of the window, following resizes. */
export function useDesignCanvasFit(): CanvasFit {
  const [fit, setFit] = useState(() => fitDesignCanvas(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const on = () => setFit(fitDesignCanvas(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return fit;
}
