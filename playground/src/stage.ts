// The stage's plumbing: pointer and keyboard input on the map (drag the start point, nudge it
// with the arrow keys, Enter races) and the sizes of the map, the loss chart and the 3-D view.
import type { View } from './landscapes.js';
import type { LossChart } from './losschart.js';
import { MapView } from './mapview.js';
import type { SurfaceView } from './surface.js';

/** Rounds to two decimals, so dragged start points are easy to read and type again. */
export const round2 = (v: number) => Math.floor(v * 100 + 0.5) / 100;

export interface MapInput {
  /** The pointer went down on the plot at `point`. */
  grab(point: [number, number]): void;
  /** The pointer moved to `point` while held down. */
  drag(point: [number, number]): void;
  /** The pointer was released (after a drag or a plain click). */
  drop(): void;
  /** An arrow key moved the start point by (dx, dy). */
  nudge(dx: number, dy: number): void;
  enter(): void;
  /** The pointer is over `point` (null: off the plot). */
  hover(point: [number, number] | null): void;
  view(): View;
}

export function wireMapInput(overlay: HTMLCanvasElement, map: MapView, input: MapInput): void {
  let dragging = false;
  const pointAt = (event: PointerEvent): [number, number] | null => {
    const rect = overlay.getBoundingClientRect();
    const point = map.toWorld(event.clientX - rect.left, event.clientY - rect.top);
    return point ? [round2(point[0]), round2(point[1])] : null;
  };
  overlay.addEventListener('pointerdown', (event) => {
    const point = pointAt(event);
    if (!point || event.button !== 0) return;
    dragging = true;
    overlay.setPointerCapture(event.pointerId);
    overlay.classList.add('dragging');
    input.grab(point);
    event.preventDefault();
  });
  overlay.addEventListener('pointermove', (event) => {
    const point = pointAt(event);
    if (dragging && point) input.drag(point);
    input.hover(point);
  });
  const drop = () => {
    if (!dragging) return;
    dragging = false;
    overlay.classList.remove('dragging');
    input.drop();
  };
  overlay.addEventListener('pointerup', drop);
  overlay.addEventListener('pointercancel', drop);
  overlay.addEventListener('pointerleave', () => { if (!dragging) input.hover(null); });
  overlay.addEventListener('keydown', (event) => {
    const { xMin, xMax, yMin, yMax } = input.view();
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-(xMax - xMin) / 50, 0], ArrowRight: [(xMax - xMin) / 50, 0],
      ArrowUp: [0, (yMax - yMin) / 50], ArrowDown: [0, -(yMax - yMin) / 50],
    };
    if (event.key in moves) {
      input.nudge(...moves[event.key]);
      event.preventDefault();
    } else if (event.key === 'Enter' || event.key === ' ') {
      input.enter();
      event.preventDefault();
    }
  });
}

/**
 * Sizes the map, the loss chart and the 3-D view. Wide screens: the map beside the charts, as
 * large as fits (≤ 700 px) with the charts keeping ≥ 380 px; narrow screens: all full width.
 */
export function fitStage(overlay: HTMLCanvasElement, lossCanvas: HTMLCanvasElement, map: MapView, lossChart: LossChart, surface: SurfaceView): void {
  const stage = overlay.closest('.stage') as HTMLElement;
  const figure = overlay.closest('figure') as HTMLElement;
  const pad = (el: HTMLElement) => {
    const cs = getComputedStyle(el);
    return parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + parseFloat(cs.borderLeftWidth) + parseFloat(cs.borderRightWidth);
  };
  const twoColumns = getComputedStyle(stage).gridTemplateColumns.split(' ').length > 1;
  const stageW = stage.clientWidth;
  const outer = twoColumns ? Math.min(700, Math.max(320, stageW - 14 - 380)) : stageW;
  const byHeight = twoColumns ? window.innerHeight - 230 : Infinity;
  const m = MapView.MARGIN;
  const plot = Math.floor(Math.max(200, Math.min(outer - pad(figure) - m.left - m.right, byHeight)));
  map.resize(plot);
  // In two columns the map's column is exactly as wide as the map (its captions wrap under it).
  figure.style.width = twoColumns ? `${plot + m.left + m.right + pad(figure)}px` : '';
  const side = lossCanvas.closest('figure') as HTMLElement;
  const sideW = Math.floor((twoColumns ? stageW - (plot + m.left + m.right + pad(figure)) - 14 : stageW) - pad(side));
  if (lossChart.size[0] !== sideW) lossChart.resize(sideW, twoColumns ? 250 : 220);
  surface.resize(Math.min(sideW, 560));
}
