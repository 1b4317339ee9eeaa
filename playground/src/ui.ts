// The page's elements, found once, and the option lists of its selects.
import { LANDSCAPES } from './landscapes.js';
import { OPTIMIZER_TYPES } from './optimizers.js';
import { PRESETS } from './presets.js';

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: #${id} is missing from the page`);
  return el as T;
};
export const ui = {
  landscape: byId<HTMLSelectElement>('landscape'), preset: byId<HTMLSelectElement>('preset'),
  startX: byId<HTMLInputElement>('start-x'), startY: byId<HTMLInputElement>('start-y'),
  steps: byId<HTMLInputElement>('steps'), tolerance: byId<HTMLInputElement>('tolerance'),
  speed: byId<HTMLSelectElement>('speed'), arrows: byId<HTMLInputElement>('arrows'),
  racers: byId<HTMLOListElement>('racers'), addType: byId<HTMLSelectElement>('add-type'), add: byId<HTMLButtonElement>('add'),
  run: byId<HTMLButtonElement>('run'), stop: byId<HTMLButtonElement>('stop'), status: byId<HTMLElement>('status'),
  scrub: byId<HTMLInputElement>('scrub'), scrubOut: byId<HTMLOutputElement>('scrub-out'),
  formula: byId<HTMLElement>('formula'), probe: byId<HTMLElement>('probe'),
  mapBase: byId<HTMLCanvasElement>('map-base'), mapTrails: byId<HTMLCanvasElement>('map-trails'), mapOverlay: byId<HTMLCanvasElement>('map-overlay'),
  lossChart: byId<HTMLCanvasElement>('loss-chart'), lossLabel: byId<HTMLElement>('loss-label'), legend: byId<HTMLElement>('legend'),
  surface: byId<HTMLCanvasElement>('surface'), explain: byId<HTMLElement>('explain'), results: byId<HTMLTableElement>('results'),
};

export function fillSelects(available: Set<string>): void {
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
