// The playground page: the map, the charts, the 3-D view and the results follow races run live
// by descent. A race runs in slices of at most SLICE_MS per animation frame, so the page never
// blocks and Stop works at any moment; every change re-runs it (debounced) and is written to
// the address bar, so a link reproduces the race.
import * as d from 'descent-ml';
import { racerCard, type Entry } from './cards.js';
import { evaluateField, type Field } from './field.js';
import { LANDSCAPES, landscapeById, type Landscape } from './landscapes.js';
import { fitStage, round2, wireMapInput } from './stage.js';
import { STYLES, constructorOptions, defaultValues, type RacerConfig } from './optimizers.js';
import { presetById } from './presets.js';
import { DIVERGE_LIMIT, Racer, availableOptimizers, computeSlice, noiseTable } from './race.js';
import { formatValue, renderResults, summary } from './results.js';
import { useThreads } from './threads.js';
import { setupTraining } from './train.js';
import { fillSelects, ui } from './ui.js';
import { ALL, drawStage, makeViews, type Parts } from './view.js';
import { decodeState, encodeState } from './url.js';

interface Race {
  racers: Racer[];
  entries: Entry[];
  landscape: Landscape;
  start: [number, number];
  steps: number;
  tolerance: number;
  frame: number;
  running: boolean;
  /** A compute slice is queued on the message channel (the instant speed). */
  pumping: boolean;
}

const FIELD_RESOLUTION = 200;
/** While a race runs, the charts are redrawn at most this often (the instant speed: INSTANT_DRAW_MS), the table and legend less often. */
const DRAW_MS = 30;
const INSTANT_DRAW_MS = 100;
const TABLE_MS = 250;
/** How long edits wait before the race re-runs (a slider fires many times while it moves). */
const RERUN_MS = 250;
const DEFAULT_PRESET = 'showdown';

const available = availableOptimizers();
const view = makeViews();
const { map, lossChart, surface } = view;

const state = {
  landscape: LANDSCAPES[0],
  start: LANDSCAPES[0].start.slice() as [number, number],
  entries: [] as Entry[],
  field: null as Field | null,
  race: null as Race | null,
  /** The step the scrubber shows, or null to follow the race's latest step. */
  shown: null as number | null,
  rerun: 0,
  drawn: 0,
  tabled: 0,
  part: 0,
};

// ---- settings ----

function freeStyle(): number {
  const used = new Set(state.entries.map((e) => e.style));
  return STYLES.findIndex((_, k) => !used.has(k));
}

function setEntries(configs: RacerConfig[]): void {
  state.entries = [];
  for (const config of configs.slice(0, STYLES.length)) state.entries.push({ config, style: freeStyle() });
  renderCards();
}

function applyPreset(id: string): void {
  const preset = presetById(id);
  if (preset) setEntries(preset.racers(state.landscape.id));
  explain();
}

function explain(): void {
  const preset = presetById(ui.preset.value);
  ui.explain.textContent = [preset?.about, state.landscape.about].filter(Boolean).join(' ');
}

function setLandscape(id: string): void {
  clearRace();
  state.landscape = landscapeById(id);
  ui.landscape.value = id;
  setStart(state.landscape.start);
  ui.formula.textContent = state.landscape.formula;
  ui.lossLabel.textContent = state.landscape.fStar === null
    ? 'Loss against step, linear scale (there is no minimum)' : 'Loss against step, log scale';
  state.field = evaluateField(state.landscape, FIELD_RESOLUTION, FIELD_RESOLUTION);
  map.drawField(state.landscape, state.field);
  surface.setField(state.landscape, state.field);
}

function setStart([x, y]: [number, number]): void {
  state.start = [x, y];
  ui.startX.value = String(x);
  ui.startY.value = String(y);
  ui.mapOverlay.dataset.start = `${x},${y}`;
  draw();
}

function readNumber(input: HTMLInputElement, fallback: number, lo: number, hi: number): number {
  const v = Number(input.value);
  const ok = input.value.trim() !== '' && Number.isFinite(v) && v >= lo && v <= hi;
  input.setAttribute('aria-invalid', String(!ok));
  return ok ? v : fallback;
}
const readSteps = () => Math.floor(readNumber(ui.steps, 500, 1, 20000));
const readTolerance = () => readNumber(ui.tolerance, 1e-3, 0, Infinity);

function renderCards(): void {
  const events = {
    edited: () => { markCustom(); scheduleRerun(); },
    removed: (entry: Entry) => {
      state.entries = state.entries.filter((e) => e !== entry);
      markCustom();
      renderCards();
      ui.addType.focus();
      scheduleRerun();
    },
  };
  ui.racers.replaceChildren(...state.entries.map((e, k) => racerCard(e, k, available, events)));
  ui.add.disabled = state.entries.length >= STYLES.length;
  if (!state.race) showIdle();
}

function markCustom(): void {
  ui.preset.value = 'custom';
  explain();
}

/** Writes the whole race into the address bar. */
function syncUrl(): void {
  const query = encodeState({
    landscape: state.landscape.id, preset: ui.preset.value, start: state.start, steps: readSteps(),
    tolerance: readTolerance(), speed: ui.speed.value, racers: state.entries.map((e) => e.config),
  });
  history.replaceState(null, '', `${location.pathname}?${query}${location.hash}`);
}

// ---- the race ----

/** Re-runs the race a moment after the last edit (and writes the URL now). */
function scheduleRerun(): void {
  syncUrl();
  clearTimeout(state.rerun);
  state.rerun = window.setTimeout(startRace, RERUN_MS);
}

function startRace(): void {
  clearTimeout(state.rerun);
  clearRace();
  const start: [number, number] = [Number(ui.startX.value), Number(ui.startY.value)];
  if (start.every(Number.isFinite)) setStart(start);
  syncUrl();
  const landscape = state.landscape;
  const steps = readSteps();
  const tolerance = readTolerance();
  const gapReference = landscape.fStar ?? state.field?.min ?? 0;
  const noise = noiseTable(landscape, steps);
  const racers: Racer[] = [];
  const entries: Entry[] = [];
  const cards = Array.from(ui.racers.children);
  state.entries.forEach((entry, k) => {
    const error = cards[k]?.querySelector<HTMLElement>('.racer-error[role=alert]');
    if (error) error.hidden = true;
    if (!available.has(entry.config.type)) return;
    try {
      racers.push(new Racer(entry.config, landscape, state.start, tolerance, gapReference, noise));
      entries.push(entry);
    } catch (e) {
      if (error) {
        error.textContent = (e as Error).message;
        error.hidden = false;
      }
    }
  });
  const race: Race = { racers, entries, landscape, start: state.start, steps, tolerance, frame: 0, running: true, pumping: false };
  state.race = race;
  state.shown = null;
  ui.results.dataset.settings = JSON.stringify({
    landscape: landscape.id, start: race.start, steps, tolerance, divergeLimit: DIVERGE_LIMIT,
    racers: entries.map((e) => ({ type: e.config.type, options: constructorOptions(e.config) })),
  });
  ui.results.dataset.state = 'running';
  ui.stop.disabled = false;
  announce(`Racing ${racers.length} optimizers for ${steps} steps from (${race.start[0]}, ${race.start[1]}).`);
  race.frame = requestAnimationFrame(() => advance(race));
}

// The instant speed computes in short tasks queued back to back on a message channel (not
// throttled like timers, and input and drawing get the thread between any two of them).
const pump = new MessageChannel();
pump.port1.onmessage = () => {
  const race = state.race;
  if (!race || !race.pumping) return;
  race.pumping = false;
  if (!race.running || ui.speed.value !== 'instant') return;
  if (computeSlice(race.racers, race.steps, Infinity)) {
    finishRace(race);
    draw();
    return;
  }
  race.pumping = true;
  pump.port2.postMessage(null);
};

/**
 * One animation frame of a race: at the slower speeds it takes its few steps and draws; at the
 * instant speed it only draws (now and then) while the message channel computes.
 */
function advance(race: Race): void {
  if (state.race !== race || !race.running) return;
  const instant = ui.speed.value === 'instant';
  const now = performance.now();
  if (instant && !race.pumping) {
    race.pumping = true;
    pump.port2.postMessage(null);
  }
  const done = !instant && computeSlice(race.racers, race.steps, Number(ui.speed.value));
  if (done) finishRace(race);
  if (done) {
    draw();
  } else if (instant) {
    // One part per frame, in turn, so no frame paints everything.
    if (now - state.drawn >= INSTANT_DRAW_MS / 3) {
      const part = state.part++ % 3;
      draw({ map: part === 0, loss: part === 1, rest: part === 2 });
      state.drawn = now;
    }
  } else if (now - state.drawn >= DRAW_MS) {
    const rest = now - state.tabled >= TABLE_MS;
    draw({ map: true, loss: true, rest });
    state.drawn = now;
    if (rest) state.tabled = now;
  }
  if (!done) race.frame = requestAnimationFrame(() => advance(race));
}

function finishRace(race: Race): void {
  for (const r of race.racers) r.finish();
  race.running = false;
  ui.results.dataset.state = 'done';
  ui.stop.disabled = true;
  announce(summary(race.racers, race.steps, race.landscape, race.tolerance));
}

function stopRace(): void {
  clearTimeout(state.rerun);
  const race = state.race;
  if (!race || !race.running) return;
  cancelAnimationFrame(race.frame);
  race.running = false;
  ui.results.dataset.state = 'stopped';
  ui.stop.disabled = true;
  announce(`Stopped at step ${Math.max(0, ...race.racers.map((r) => r.steps))}.`);
  draw();
}

function clearRace(): void {
  stopRace();
  state.race?.racers.forEach((r) => r.dispose());
  state.race = null;
  state.shown = null;
  ui.results.dataset.state = 'idle';
  showIdle();
}

function showIdle(): void {
  renderResults(ui.results, state.entries, null, available);
  draw();
}

function announce(text: string): void {
  ui.status.textContent = text;
}

// ---- drawing ----

/** Draws the stage (all of it unless told which parts). */
function draw(parts: Parts = ALL): void {
  drawStage(view, state, parts, available, readSteps());
}

// ---- the map: drag the start point, arrow keys, the probe ----

function probeText([x, y]: [number, number]): string {
  const value = d.noGrad(() => d.tidy(() => state.landscape.f(d.tensor([x, y])).item()));
  return `f(${x}, ${y}) = ${formatValue(value)}`;
}

function wireMap(): void {
  wireMapInput(ui.mapOverlay, map, {
    grab: (point) => { clearRace(); setStart(point); },
    drag: (point) => setStart(point),
    drop: () => startRace(),
    nudge: (dx, dy) => {
      clearRace();
      setStart([round2(state.start[0] + dx), round2(state.start[1] + dy)]);
      ui.probe.textContent = `start: ${probeText(state.start)}`;
      scheduleRerun();
    },
    enter: () => startRace(),
    hover: (point) => { ui.probe.textContent = point ? probeText(point) : ''; },
    view: () => state.landscape.view,
  });
}

/** Sizes the map, the loss chart and the 3-D view to their columns, and redraws. */
function fit(): void {
  fitStage(ui.mapOverlay, ui.lossChart, map, lossChart, surface);
  draw();
}

// ---- wiring ----

function wire(): void {
  ui.landscape.addEventListener('change', () => {
    setLandscape(ui.landscape.value);
    if (ui.preset.value === 'custom') ui.preset.value = DEFAULT_PRESET;
    applyPreset(ui.preset.value);
    scheduleRerun();
  });
  ui.preset.addEventListener('change', () => {
    if (ui.preset.value !== 'custom') applyPreset(ui.preset.value);
    clearRace();
    scheduleRerun();
  });
  const readStart = () => {
    const x = Number(ui.startX.value);
    const y = Number(ui.startY.value);
    ui.startX.setAttribute('aria-invalid', String(!Number.isFinite(x)));
    ui.startY.setAttribute('aria-invalid', String(!Number.isFinite(y)));
    if (Number.isFinite(x) && Number.isFinite(y)) {
      setStart([x, y]);
      scheduleRerun();
    }
  };
  ui.startX.addEventListener('change', readStart);
  ui.startY.addEventListener('change', readStart);
  ui.steps.addEventListener('change', scheduleRerun);
  ui.tolerance.addEventListener('change', scheduleRerun);
  ui.speed.addEventListener('change', syncUrl);
  ui.arrows.addEventListener('change', () => draw());
  ui.add.addEventListener('click', () => {
    if (state.entries.length >= STYLES.length) return;
    const type = ui.addType.value;
    state.entries.push({ config: { type, values: defaultValues(type) }, style: freeStyle() });
    markCustom();
    renderCards();
    scheduleRerun();
  });
  ui.run.addEventListener('click', startRace);
  ui.stop.addEventListener('click', stopRace);
  ui.scrub.addEventListener('input', () => {
    const latest = Math.max(0, ...(state.race?.racers.map((r) => r.steps) ?? [0]));
    const v = Number(ui.scrub.value);
    state.shown = v >= latest && state.race?.running ? null : v;
    draw();
  });
  wireMap();
  let resizeFrame = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(fit);
  });
}

/** The race in the URL, if any, else the default: the optimizer showdown on Rosenbrock. */
function restore(): void {
  const { state: saved, problems } = decodeState(location.search, LANDSCAPES.map((l) => l.id));
  setLandscape(saved.landscape ?? LANDSCAPES[0].id);
  const known = saved.preset !== undefined && (presetById(saved.preset) !== undefined || saved.preset === 'custom');
  ui.preset.value = known ? saved.preset! : saved.racers ? 'custom' : DEFAULT_PRESET;
  if (saved.racers) setEntries(saved.racers);
  else applyPreset(ui.preset.value);
  explain();
  if (saved.start) setStart(saved.start);
  if (saved.steps) ui.steps.value = String(saved.steps);
  if (saved.tolerance !== undefined) ui.tolerance.value = String(saved.tolerance);
  if (saved.speed) ui.speed.value = saved.speed;
  if (problems.length) ui.explain.textContent = `This link could not be read in full (${problems.join('; ')}); the rest of it is used. ${ui.explain.textContent}`;
}

fillSelects(available);
wire();
restore();
fit();
ui.stop.disabled = true;
if (available.size === 0) announce('This build of descent has no optimizers (d.optim) yet.');
setupTraining();
void useThreads().finally(() => {
  document.body.dataset.ready = 'true';
  startRace();
});
