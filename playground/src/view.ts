// What the stage shows of the race: the map (paths, arrows), the 3-D view, the loss chart, and
// (when `tables`) the legend, the results table and the replay scrubber.
import type { Entry } from './cards.js';
import type { Field } from './field.js';
import type { Landscape } from './landscapes.js';
import { LossChart } from './losschart.js';
import { MapView } from './mapview.js';
import { STYLES } from './optimizers.js';
import { arrowsAt, type Racer } from './race.js';
import { renderLegend, renderResults } from './results.js';
import { SurfaceView } from './surface.js';
import { ui } from './ui.js';

export interface Views {
  map: MapView;
  lossChart: LossChart;
  surface: SurfaceView;
}

export interface StageState {
  landscape: Landscape;
  field: Field | null;
  start: [number, number];
  entries: Entry[];
  race: { racers: Racer[]; entries: Entry[]; steps: number } | null;
  /** The step the scrubber shows, or null for the latest. */
  shown: number | null;
}

export function makeViews(): Views {
  return {
    map: new MapView(ui.mapBase, ui.mapTrails, ui.mapOverlay, 300),
    lossChart: new LossChart(ui.lossChart, 300, 240),
    surface: new SurfaceView(ui.surface, 300),
  };
}

/** Which parts to draw: the map, the loss chart, and the rest (3-D view, legend, table, scrubber). */
export interface Parts {
  map: boolean;
  loss: boolean;
  rest: boolean;
}

export const ALL: Parts = { map: true, loss: true, rest: true };

export function drawStage(views: Views, state: StageState, parts: Parts, available: Set<string>, plannedSteps: number): void {
  const race = state.race;
  const racers = race?.racers ?? [];
  const styles = race ? race.entries.map((e) => STYLES[e.style]) : [];
  const latest = Math.max(0, ...racers.map((r) => r.steps));
  const shown = state.shown === null ? null : Math.min(state.shown, latest);
  const paths = racers.map((r, k) => ({ xs: r.xs, ys: r.ys, style: styles[k] }));
  if (parts.map) {
    const arrows = ui.arrows.checked && race ? racers.map((r) => arrowsAt(r, state.landscape, shown)) : null;
    views.map.drawPaths(paths, state.start, shown, arrows);
  }
  if (parts.rest) views.surface.draw(paths, shown);
  // Without a minimum (the saddle) a log scale means nothing: show f itself, linearly.
  const linear = state.landscape.fStar === null;
  const series = racers.map((r, k) => ({ values: linear ? r.losses : r.logGaps, style: styles[k] }));
  const floor = state.field ? state.field.min - (state.field.max - state.field.min) : -1;
  const label = state.landscape.fStar === null || state.landscape.fStar === 0 ? 'f(x, y)' : 'f − f*';
  const scale = linear ? { kind: 'linear' as const, floor } : { kind: 'log' as const };
  if (parts.loss) views.lossChart.draw(series, race?.steps ?? plannedSteps, label, scale, race ? shown ?? latest : null);
  if (!parts.rest) return;
  renderLegend(ui.legend, race ? race.entries : state.entries, race ? racers : null, shown);
  if (race) renderResults(ui.results, race.entries, racers, available);
  ui.scrub.max = String(latest);
  ui.scrub.value = String(shown ?? latest);
  ui.scrub.disabled = !race;
  ui.scrubOut.textContent = `${shown ?? latest} / ${race?.steps ?? 0}`;
}
