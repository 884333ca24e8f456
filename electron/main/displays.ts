/** Which screen the wall display (会议大屏) window goes to. Pure. */

/** The fields of Electron's `Display` the choice needs. */
export interface DisplayInfo {
  id: number;
  label: string;
  bounds: { x: number; y: number; width: number; height: number };
}

/**
 * The saved display when it is still connected; otherwise the first display that is not the primary one
 * (a meeting-room projector); otherwise the primary display.
 */
export function pickWallDisplay<D extends DisplayInfo>(
  displays: readonly D[],
  savedId: number | undefined,
  primaryId: number,
): D | undefined {
  if (displays.length === 0) return undefined;
  const saved = savedId === undefined ? undefined : displays.find((d) => d.id === savedId);
  if (saved) return saved;
  return displays.find((d) => d.id !== primaryId) ?? displays.find((d) => d.id === primaryId) ?? displays[0];
}

/** Menu label of a display, in Chinese: "屏幕 2（1920×1080，主屏幕）". */
export function displayLabel(display: DisplayInfo, index: number, primaryId: number): string {
  const size = `${display.bounds.width}×${display.bounds.height}`;
  const name = display.label.trim() !== '' ? `${display.label.trim()}，` : '';
  const primary = display.id === primaryId ? '，主屏幕' : '';
  return `屏幕 ${index + 1}（${name}${size}${primary}）`;
}
