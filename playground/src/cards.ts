// The optimizer cards: one per racer, with its hyperparameters. Every control's accessible name
// starts with the racer it belongs to ("Adam (dashed line) learning rate"), so a screen reader
// never hears five identical "learning rate" sliders.
import { swatch } from './draw.js';
import { LEARNING_RATES, STYLES, formatNumber, learningRateIndex, optimizerType, type HyperSpec, type RacerConfig } from './optimizers.js';

export interface Entry {
  config: RacerConfig;
  style: number;
}

export interface CardEvents {
  /** A hyperparameter changed (sliders fire while they move). */
  edited(entry: Entry): void;
  removed(entry: Entry): void;
}

/** "Adam (dashed line)": the racer's name as every one of its controls is announced. */
export function racerName(entry: Entry): string {
  return `${optimizerType(entry.config.type).label} (${STYLES[entry.style].dashName} line)`;
}

function labelFor(entry: Entry, id: string, text: string, help: string): HTMLLabelElement {
  const label = document.createElement('label');
  label.htmlFor = id;
  const hidden = document.createElement('span');
  hidden.className = 'sr';
  hidden.textContent = `${racerName(entry)} `;
  label.append(hidden, text);
  label.title = help;
  return label;
}

function hyperInput(entry: Entry, spec: HyperSpec, id: string, events: CardEvents): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = `hyper hyper-${spec.kind}`;
  const label = labelFor(entry, id, spec.label, spec.help);
  const value = entry.config.values[spec.key];
  const input = document.createElement('input');
  input.id = id;
  input.dataset.key = spec.key;
  if (spec.kind === 'bool') {
    input.type = 'checkbox';
    input.checked = value === true;
    input.addEventListener('change', () => {
      entry.config.values[spec.key] = input.checked;
      events.edited(entry);
    });
    wrap.append(input, label);
    return wrap;
  }
  if (spec.kind === 'lr') return lrSlider(entry, wrap, label, input, events);
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
    events.edited(entry);
  });
  wrap.append(label, input);
  return wrap;
}

function lrSlider(entry: Entry, wrap: HTMLElement, label: HTMLLabelElement, input: HTMLInputElement, events: CardEvents): HTMLElement {
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
  input.dataset.testid = 'lr-slider';
  input.addEventListener('input', () => {
    entry.config.values.lr = LEARNING_RATES[Number(input.value)];
    show();
    events.edited(entry);
  });
  show();
  wrap.append(label, input, output);
  return wrap;
}

export function racerCard(entry: Entry, index: number, available: Set<string>, events: CardEvents): HTMLLIElement {
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
  remove.setAttribute('aria-label', `Remove ${racerName(entry)}`);
  remove.addEventListener('click', () => events.removed(entry));
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
  for (const h of spec.hypers) grid.append(hyperInput(entry, h, `racer${index}-${h.key}`, events));
  li.append(grid);
  const error = document.createElement('p');
  error.className = 'racer-error';
  error.hidden = true;
  error.setAttribute('role', 'alert');
  li.append(error);
  return li;
}
