// The playground page: wires the controls, the map, the loss chart and the results table to
// races run live by descent.
import * as d from 'descent-ml';
import { LossChart, MapView, swatch } from './draw.js';
import { evaluateField, type Field } from './field.js';
import { LANDSCAPES, landscapeById, type Landscape } from './landscapes.js';
import {
  OPTIMIZER_TYPES, STYLES, LEARNING_RATES, defaultValues, describeRacer, formatNumber,
  learningRateIndex, optimizerType, constructorOptions, type HyperSpec, type RacerConfig,
} from './optimizers.js';
import { PRESETS, presetById } from './presets.js';
import { DIVERGE_LIMIT, Racer, availableOptimizers, noiseTable } from './race.js';

interface Entry {
  config: RacerConfig;
  style: number;
}

interface Race {
  racers: Racer[];
  entries: Entry[];
  landscape: Landscape;
  start: [number, number];
  steps: number;
  tolerance: number;
  gapReference: number;
  frame: number;
}

const FIELD_RESOLUTION = 200;
const MAP_SIZE = 500;

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: #${id} is missing from the page`);
  return el as T;
};

const ui = {
  landscape: byId<HTMLSelectElement>('landscape'),
  preset: byId<HTMLSelectElement>('preset'),
  startX: byId<HTMLInputElement>('start-x'),
  startY: byId<HTMLInputElement>('start-y'),
  steps: byId<HTMLInputElement>('steps'),
  tolerance: byId<HTMLInputElement>('tolerance'),
  speed: byId<HTMLSelectElement>('speed'),
  racers: byId<HTMLOListElement>('racers'),
  addType: byId<HTMLSelectElement>('add-type'),
  add: byId<HTMLButtonElement>('add'),
  run: byId<HTMLButtonElement>('run'),
  stop: byId<HTMLButtonElement>('stop'),
  status: byId<HTMLElement>('status'),
  formula: byId<HTMLElement>('formula'),
  probe: byId<HTMLElement>('probe'),
  mapBase: byId<HTMLCanvasElement>('map-base'),
  mapOverlay: byId<HTMLCanvasElement>('map-overlay'),
  lossChart: byId<HTMLCanvasElement>('loss-chart'),
  lossLabel: byId<HTMLElement>('loss-label'),
  explain: byId<HTMLElement>('explain'),
  results: byId<HTMLTableElement>('results'),
};

const available = availableOptimizers();
const map = new MapView(ui.mapBase, ui.mapOverlay, MAP_SIZE);
const lossChart = new LossChart(ui.lossChart, lossChartWidth(), 290);

/** The loss chart fills its column: the figure's width less its padding and border. */
function lossChartWidth(): number {
  const figure = ui.lossChart.parentElement as HTMLElement;
  return Math.max(300, Math.min(900, figure.clientWidth - 18));
}

const state = {
  landscape: LANDSCAPES[0],
  start: LANDSCAPES[0].start.slice() as [number, number],
  entries: [] as Entry[],
  field: null as Field | null,
  race: null as Race | null,
};

// ---- controls ----

function fillSelects(): void {
  for (const l of LANDSCAPES) ui.landscape.add(new Option(l.name, l.id));
  for (const p of PRESETS) ui.preset.add(new Option(p.label, p.id));
  ui.preset.add(new Option('Custom', 'custom'));
  for (const o of OPTIMIZER_TYPES) {
    const option = new Option(available.has(o.type) ? o.label : `${o.label} (not in this build)`, o.type);
    option.disabled = !available.has(o.type);
    ui.addType.add(option);
  }
  ui.addType.value = OPTIMIZER_TYPES.find((o) => available.has(o.type))?.type ?? OPTIMIZER_TYPES[0].type;
}

function freeStyle(): number {
  const used = new Set(state.entries.map((e) => e.style));
  return STYLES.findIndex((_, k) => !used.has(k));
}

function setEntries(configs: RacerConfig[]): void {
  state.entries = [];
  for (const config of configs.slice(0, STYLES.length)) state.entries.push({ config, style: freeStyle() });
  renderRacerCards();
  renderResults();
}

function markCustom(): void {
  ui.preset.value = 'custom';
  explain();
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
  stopRace();
  state.landscape = landscapeById(id);
  ui.landscape.value = id;
  setStart(state.landscape.start);
  applyPreset(ui.preset.value);
  ui.formula.textContent = state.landscape.formula;
  ui.lossLabel.textContent = lossCaption(state.landscape);
  state.field = evaluateField(state.landscape, FIELD_RESOLUTION, FIELD_RESOLUTION);
  map.drawField(state.landscape, state.field);
  clearRace();
}

function lossLabel(l: Landscape): string {
  return l.fStar === null || l.fStar === 0 ? 'f(x, y)' : 'f − f*';
}

function lossCaption(l: Landscape): string {
  return l.fStar === null ? 'Loss against step, linear scale (there is no minimum)' : 'Loss against step, log scale';
}

function setStart([x, y]: [number, number]): void {
  state.start = [x, y];
  ui.startX.value = String(x);
  ui.startY.value = String(y);
  ui.mapOverlay.dataset.start = `${x},${y}`;
  drawRace();
}

function readStart(): void {
  const x = Number(ui.startX.value);
  const y = Number(ui.startY.value);
  ui.startX.setAttribute('aria-invalid', String(!Number.isFinite(x)));
  ui.startY.setAttribute('aria-invalid', String(!Number.isFinite(y)));
  if (Number.isFinite(x) && Number.isFinite(y)) setStart([x, y]);
}

/** Rounds to two decimals, so clicked start points are easy to read and type again. */
const round2 = (v: number) => Math.floor(v * 100 + 0.5) / 100;

function onMapClick(event: MouseEvent): void {
  const rect = ui.mapOverlay.getBoundingClientRect();
  const point = map.toWorld(event.clientX - rect.left, event.clientY - rect.top);
  if (!point) return;
  setStart([round2(point[0]), round2(point[1])]);
  startRace();
}

/** Shows f at the point under the pointer, evaluated by descent. */
function onMapMove(event: MouseEvent): void {
  const rect = ui.mapOverlay.getBoundingClientRect();
  const point = map.toWorld(event.clientX - rect.left, event.clientY - rect.top);
  ui.probe.textContent = point ? probeText([round2(point[0]), round2(point[1])]) : '';
}

function probeText([x, y]: [number, number]): string {
  const value = d.noGrad(() => d.tidy(() => state.landscape.f(d.tensor([x, y])).item()));
  return `f(${x}, ${y}) = ${formatValue(value)}`;
}

function onMapKey(event: KeyboardEvent): void {
  const { xMin, xMax, yMin, yMax } = state.landscape.view;
  const moves: Record<string, [number, number]> = {
    ArrowLeft: [-(xMax - xMin) / 50, 0], ArrowRight: [(xMax - xMin) / 50, 0],
    ArrowUp: [0, (yMax - yMin) / 50], ArrowDown: [0, -(yMax - yMin) / 50],
  };
  if (event.key in moves) {
    const [dx, dy] = moves[event.key];
    setStart([round2(state.start[0] + dx), round2(state.start[1] + dy)]);
    ui.probe.textContent = `start: ${probeText(state.start)}`;
    event.preventDefault();
  } else if (event.key === 'Enter' || event.key === ' ') {
    startRace();
    event.preventDefault();
  }
}

// ---- racer cards ----

function hyperInput(entry: Entry, spec: HyperSpec, id: string): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = `hyper hyper-${spec.kind}`;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = spec.label;
  label.title = spec.help;
  const value = entry.config.values[spec.key];
  const input = document.createElement('input');
  input.id = id;
  input.dataset.key = spec.key;
  if (spec.kind === 'bool') {
    input.type = 'checkbox';
    input.checked = value === true;
    input.addEventListener('change', () => {
      entry.config.values[spec.key] = input.checked;
      onRacerEdited();
    });
    wrap.append(input, label);
    return wrap;
  }
  if (spec.kind === 'lr') return lrSlider(entry, wrap, label, input);
  input.type = 'number';
  input.step = spec.kind === 'unit' ? '0.01' : 'any';
  if (spec.kind === 'unit') {
    input.min = '0';
    input.max = '0.9999';
  }
  // Small values (ε) in exponent form, so they fit the field: 1e-8, not 0.00000001.
  input.value = typeof value === 'number' && value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
  input.addEventListener('change', () => {
    const v = Number(input.value);
    const ok = input.value.trim() !== '' && Number.isFinite(v);
    input.setAttribute('aria-invalid', String(!ok));
    if (!ok) return;
    entry.config.values[spec.key] = v;
    onRacerEdited();
  });
  wrap.append(label, input);
  return wrap;
}

function lrSlider(entry: Entry, wrap: HTMLElement, label: HTMLLabelElement, input: HTMLInputElement): HTMLElement {
  const output = document.createElement('output');
  output.htmlFor.add(input.id);
  const show = () => {
    const lr = entry.config.values.lr as number;
    output.textContent = formatNumber(lr);
    input.setAttribute('aria-valuetext', `learning rate ${formatNumber(lr)}`);
  };
  input.type = 'range';
  input.min = '0';
  input.max = String(LEARNING_RATES.length - 1);
  input.step = '1';
  input.value = String(learningRateIndex(entry.config.values.lr as number));
  input.addEventListener('input', () => {
    entry.config.values.lr = LEARNING_RATES[Number(input.value)];
    show();
    onRacerEdited();
  });
  show();
  wrap.append(label, input, output);
  return wrap;
}

function racerCard(entry: Entry, index: number): HTMLLIElement {
  const style = STYLES[entry.style];
  const spec = optimizerType(entry.config.type);
  const li = document.createElement('li');
  li.className = 'racer';
  li.dataset.type = entry.config.type;
  const head = document.createElement('div');
  head.className = 'racer-head';
  const name = document.createElement('span');
  name.className = 'racer-name';
  name.textContent = spec.label;
  const note = document.createElement('span');
  note.className = 'racer-note';
  note.textContent = entry.config.note ?? '';
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'remove';
  remove.textContent = '×';
  remove.setAttribute('aria-label', `Remove ${spec.label} (${style.dashName} line)`);
  remove.addEventListener('click', () => {
    state.entries = state.entries.filter((e) => e !== entry);
    markCustom();
    renderRacerCards();
    renderResults();
    ui.addType.focus();
  });
  head.append(swatch(style), name, note, remove);
  li.append(head);
  if (!available.has(entry.config.type)) {
    const missing = document.createElement('p');
    missing.className = 'racer-error';
    missing.textContent = `d.optim.${entry.config.type} is not in this build of descent yet; it will sit out the race.`;
    li.append(missing);
  }
  const grid = document.createElement('div');
  grid.className = 'hypers';
  for (const h of spec.hypers) grid.append(hyperInput(entry, h, `racer${index}-${h.key}`));
  li.append(grid);
  const error = document.createElement('p');
  error.className = 'racer-error';
  error.hidden = true;
  error.setAttribute('role', 'alert');
  li.append(error);
  return li;
}

function renderRacerCards(): void {
  ui.racers.replaceChildren(...state.entries.map((e, k) => racerCard(e, k)));
  ui.add.disabled = state.entries.length >= STYLES.length;
}

function onRacerEdited(): void {
  markCustom();
  if (!state.race) renderResults();
}

function addRacer(): void {
  if (state.entries.length >= STYLES.length) return;
  const type = ui.addType.value;
  const values = defaultValues(type);
  state.entries.push({ config: { type, values }, style: freeStyle() });
  markCustom();
  renderRacerCards();
  renderResults();
}

// ---- the race ----

function readNumber(input: HTMLInputElement, fallback: number, lo: number, hi: number): number {
  const v = Number(input.value);
  const ok = input.value.trim() !== '' && Number.isFinite(v) && v >= lo && v <= hi;
  input.setAttribute('aria-invalid', String(!ok));
  return ok ? v : fallback;
}

function startRace(): void {
  stopRace();
  readStart();
  const landscape = state.landscape;
  const steps = Math.floor(readNumber(ui.steps, 300, 1, 20000));
  const tolerance = readNumber(ui.tolerance, 1e-3, 0, Infinity);
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
  const race: Race = { racers, entries, landscape, start: state.start, steps, tolerance, gapReference, frame: 0 };
  state.race = race;
  ui.results.dataset.settings = JSON.stringify({
    landscape: landscape.id,
    start: race.start,
    steps,
    tolerance,
    divergeLimit: DIVERGE_LIMIT,
    racers: entries.map((e) => ({ type: e.config.type, options: constructorOptions(e.config) })),
  });
  ui.results.dataset.state = 'running';
  ui.stop.disabled = false;
  announce(`Racing ${racers.length} optimizers for ${steps} steps from (${race.start[0]}, ${race.start[1]}).`);
  renderResults();
  race.frame = requestAnimationFrame(() => advance(race));
}

function stepsPerFrame(): number {
  return ui.speed.value === 'instant' ? Infinity : Number(ui.speed.value);
}

function advance(race: Race): void {
  if (state.race !== race) return;
  const budget = stepsPerFrame();
  for (let k = 0; k < budget; k++) {
    const live = race.racers.filter((r) => r.status === 'running' && r.steps < race.steps);
    if (live.length === 0) break;
    for (const r of live) r.step();
  }
  const done = race.racers.every((r) => r.status !== 'running' || r.steps >= race.steps);
  if (done) finishRace(race);
  drawRace();
  renderResults();
  if (!done) race.frame = requestAnimationFrame(() => advance(race));
}

function finishRace(race: Race): void {
  for (const r of race.racers) r.finish();
  ui.results.dataset.state = 'done';
  ui.stop.disabled = true;
  announce(summary(race));
}

function summary(race: Race): string {
  const reached = race.racers.filter((r) => r.stepsToTolerance !== null)
    .sort((a, b) => (a.stepsToTolerance as number) - (b.stepsToTolerance as number));
  const diverged = race.racers.filter((r) => r.status === 'diverged');
  const parts = [`Finished ${race.steps} steps.`];
  const escape = race.landscape.fStar === null;
  const goal = escape ? 'off the map' : `within ${race.tolerance} of the minimum`;
  if (reached.length) parts.push(`First ${goal}: ${describeRacer(reached[0].config)} (${reached[0].stepsToTolerance} steps).`);
  else parts.push(`None got ${goal}.`);
  if (diverged.length) parts.push(`Diverged: ${diverged.map((r) => describeRacer(r.config)).join(', ')}.`);
  return parts.join(' ');
}

function stopRace(): void {
  const race = state.race;
  if (!race) return;
  cancelAnimationFrame(race.frame);
  if (ui.results.dataset.state === 'running') {
    ui.results.dataset.state = 'stopped';
    announce('Stopped.');
  }
  ui.stop.disabled = true;
}

function clearRace(): void {
  stopRace();
  state.race?.racers.forEach((r) => r.dispose());
  state.race = null;
  ui.results.dataset.state = 'idle';
  drawRace();
  renderResults();
}

function announce(text: string): void {
  ui.status.textContent = text;
}

// ---- drawing and the table ----

function drawRace(): void {
  const race = state.race;
  const paths = race ? race.racers.map((r, k) => ({ xs: r.xs, ys: r.ys, style: STYLES[race.entries[k].style] })) : [];
  map.drawPaths(paths, state.start);
  // Without a minimum (the saddle) a log scale means nothing: show f itself, linearly.
  const linear = state.landscape.fStar === null;
  const series = race
    ? race.racers.map((r, k) => ({ values: linear ? r.losses : r.logGaps, style: STYLES[race.entries[k].style] }))
    : [];
  const floor = state.field ? state.field.min - (state.field.max - state.field.min) : -1;
  const scale = linear ? { kind: 'linear' as const, floor } : { kind: 'log' as const };
  lossChart.draw(series, race?.steps ?? (readNumber(ui.steps, 300, 1, 20000) | 0), lossLabel(state.landscape), scale);
}

/** Six significant digits, or an exponent for very large or small values. */
function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return v.toExponential(5);
  return v.toPrecision(6);
}

function cell(text: string, attrs: Record<string, string> = {}): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  for (const [k, v] of Object.entries(attrs)) td.setAttribute(k, v);
  return td;
}

function resultRow(entry: Entry, racer: Racer | undefined): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.type = entry.config.type;
  const th = document.createElement('th');
  th.scope = 'row';
  const label = document.createElement('span');
  label.textContent = describeRacer(entry.config) + (entry.config.note ? ` (${entry.config.note})` : '');
  const wrap = document.createElement('span');
  wrap.className = 'racer-label';
  wrap.append(swatch(STYLES[entry.style]), label);
  th.append(wrap);
  tr.append(th);
  if (!racer) {
    tr.append(cell('—'), cell('—'), cell('—'), cell('—'), cell(available.has(entry.config.type) ? 'ready' : 'not in build'));
    return tr;
  }
  const last = racer.xs.length - 1;
  const x = racer.xs[last];
  const y = racer.ys[last];
  const loss = racer.losses[last];
  tr.dataset.steps = String(racer.steps);
  tr.append(
    cell(formatValue(x), { 'data-testid': 'final-x', 'data-value': String(x) }),
    cell(formatValue(y), { 'data-testid': 'final-y', 'data-value': String(y) }),
    cell(formatValue(loss), { 'data-testid': 'final-loss', 'data-value': String(loss) }),
    cell(racer.stepsToTolerance === null ? '—' : String(racer.stepsToTolerance), {
      'data-testid': 'steps-to-tolerance', 'data-value': String(racer.stepsToTolerance),
    }),
    cell(racer.status === 'running' ? `step ${racer.steps}` : racer.status, { 'data-testid': 'status' }),
  );
  tr.classList.toggle('diverged', racer.status === 'diverged');
  return tr;
}

function renderResults(): void {
  const race = state.race;
  const rows = race
    ? race.entries.map((e, k) => resultRow(e, race.racers[k]))
    : state.entries.map((e) => resultRow(e, undefined));
  ui.results.tBodies[0].replaceChildren(...rows);
  const tolHeader = ui.results.querySelector('#tolerance-header');
  if (tolHeader) {
    tolHeader.textContent = state.landscape.fStar === null
      ? 'steps to escape the map'
      : `steps to f − f* ≤ ${race?.tolerance ?? ui.tolerance.value}`;
  }
}

// ---- wiring ----

function fitLossChart(): void {
  const width = lossChartWidth();
  if (width === Math.floor(ui.lossChart.getBoundingClientRect().width + 0.5)) return;
  lossChart.resize(width);
  drawRace();
}

function wire(): void {
  ui.landscape.addEventListener('change', () => setLandscape(ui.landscape.value));
  ui.preset.addEventListener('change', () => {
    if (ui.preset.value !== 'custom') applyPreset(ui.preset.value);
    clearRace();
  });
  ui.startX.addEventListener('change', readStart);
  ui.startY.addEventListener('change', readStart);
  ui.add.addEventListener('click', addRacer);
  ui.run.addEventListener('click', startRace);
  ui.stop.addEventListener('click', stopRace);
  ui.steps.addEventListener('change', () => { if (!state.race) drawRace(); });
  ui.mapOverlay.addEventListener('click', onMapClick);
  ui.mapOverlay.addEventListener('keydown', onMapKey);
  ui.mapOverlay.addEventListener('mousemove', onMapMove);
  ui.mapOverlay.addEventListener('mouseleave', () => { ui.probe.textContent = ''; });
  window.addEventListener('resize', fitLossChart);
}

fillSelects();
wire();
ui.preset.value = 'showdown';
setLandscape(LANDSCAPES[0].id);
ui.stop.disabled = true;
if (available.size === 0) announce('This build of descent has no optimizers (d.optim) yet.');
requestAnimationFrame(fitLossChart);
document.body.dataset.ready = 'true';
