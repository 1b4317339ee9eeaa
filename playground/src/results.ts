// The results table, the loss chart's legend and the race's one-line summary.
import { racerName, type Entry } from './cards.js';
import { swatch } from './draw.js';
import type { Landscape } from './landscapes.js';
import { STYLES, describeRacer } from './optimizers.js';
import type { Racer } from './race.js';

/** Six significant digits, or an exponent for very large or small values. */
export function formatValue(v: number): string {
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

function resultRow(entry: Entry, racer: Racer | undefined, available: Set<string>): HTMLTableRowElement {
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

export function renderResults(table: HTMLTableElement, entries: Entry[], racers: Racer[] | null, available: Set<string>): void {
  const rows = entries.map((e, k) => resultRow(e, racers ? racers[k] : undefined, available));
  table.tBodies[0].replaceChildren(...rows);
}

/** The loss chart's legend: each racer's line and marker, its name and where it is now. */
export function renderLegend(list: HTMLElement, entries: Entry[], racers: Racer[] | null, shown: number | null): void {
  const items = entries.map((entry, k) => {
    const li = document.createElement('li');
    li.dataset.type = entry.config.type;
    const name = document.createElement('span');
    const racer = racers?.[k];
    let where = '';
    if (racer) {
      const t = Math.min(racer.steps, shown ?? Infinity);
      if (racer.stepsToTolerance !== null && racer.stepsToTolerance <= t) where = ` ✓ step ${racer.stepsToTolerance}`;
      else if (racer.status === 'diverged' && t === racer.steps) where = ' ✗ diverged';
    }
    name.textContent = describeRacer(entry.config) + where;
    name.title = racerName(entry);
    li.append(swatch(STYLES[entry.style]), name);
    return li;
  });
  list.replaceChildren(...items);
}

/** "Finished 500 steps. First within 0.001 of the minimum: …" */
export function summary(racers: Racer[], steps: number, landscape: Landscape, tolerance: number): string {
  const reached = racers.filter((r) => r.stepsToTolerance !== null)
    .sort((a, b) => (a.stepsToTolerance as number) - (b.stepsToTolerance as number));
  const diverged = racers.filter((r) => r.status === 'diverged');
  const parts = [`Finished ${steps} steps.`];
  const escape = landscape.fStar === null;
  const goal = escape ? 'off the map' : `within ${tolerance} of the minimum`;
  if (reached.length) {
    parts.push(`First ${goal}: ${describeRacer(reached[0].config)} (${reached[0].stepsToTolerance} steps)` +
      (reached.length > 1 ? `; then ${reached.slice(1).map((r) => `${describeRacer(r.config)} (${r.stepsToTolerance})`).join(', ')}.` : '.'));
  } else {
    parts.push(`None got ${goal}.`);
  }
  if (diverged.length) parts.push(`Diverged: ${diverged.map((r) => describeRacer(r.config)).join(', ')}.`);
  return parts.join(' ');
}
