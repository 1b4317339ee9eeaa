// The whole race in the address bar's query string, so a reload or a shared link reproduces it:
//   ?l=rosenbrock&p=showdown&s=-1.2,1&n=500&tol=0.001&v=4
//    &o=SGD:lr=0.002,momentum=0,nesterov=0~Adam:lr=0.2,beta1=0.9,beta2=0.999,eps=1e-8
// Numbers are written with String(v), which reads back to the same double.
import { optimizerType, type RacerConfig } from './optimizers.js';

export interface RaceState {
  landscape: string;
  preset: string;
  start: [number, number];
  steps: number;
  tolerance: number;
  speed: string;
  racers: RacerConfig[];
}

const SPEEDS = ['1', '2', '4', '10', '40', 'instant'];

export function encodeState(s: RaceState): string {
  const params = new URLSearchParams();
  params.set('l', s.landscape);
  params.set('p', s.preset);
  params.set('s', `${s.start[0]},${s.start[1]}`);
  params.set('n', String(s.steps));
  params.set('tol', String(s.tolerance));
  params.set('v', s.speed);
  params.set('o', s.racers.map(encodeRacer).join('~'));
  return params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%7E/gi, '~');
}

function encodeRacer(r: RacerConfig): string {
  const values = optimizerType(r.type).hypers.map((h) => {
    const v = r.values[h.key];
    return `${h.key}=${typeof v === 'boolean' ? Number(v) : String(v)}`;
  });
  return `${r.type}:${values.join(',')}`;
}

/**
 * Reads a race from a query string; parts that are missing or do not parse are left out (the
 * page keeps its defaults for them), and each problem is listed in `problems`.
 */
export function decodeState(query: string, knownLandscapes: string[]): { state: Partial<RaceState>; problems: string[] } {
  const params = new URLSearchParams(query);
  const state: Partial<RaceState> = {};
  const problems: string[] = [];
  const l = params.get('l');
  if (l !== null) {
    if (knownLandscapes.includes(l)) state.landscape = l;
    else problems.push(`unknown landscape "${l}"`);
  }
  const p = params.get('p');
  if (p !== null) state.preset = p;
  const s = params.get('s');
  if (s !== null) {
    const xy = s.split(',').map(Number);
    if (xy.length === 2 && xy.every(Number.isFinite)) state.start = [xy[0], xy[1]];
    else problems.push(`start point "${s}" is not two numbers`);
  }
  const n = params.get('n');
  if (n !== null) {
    const v = Number(n);
    if (Number.isInteger(v) && v >= 1 && v <= 20000) state.steps = v;
    else problems.push(`steps "${n}" is not a whole number from 1 to 20000`);
  }
  const tol = params.get('tol');
  if (tol !== null) {
    const v = Number(tol);
    if (tol !== '' && Number.isFinite(v) && v >= 0) state.tolerance = v;
    else problems.push(`tolerance "${tol}" is not a number ≥ 0`);
  }
  const v = params.get('v');
  if (v !== null) {
    if (SPEEDS.includes(v)) state.speed = v;
    else problems.push(`speed "${v}" is not one of ${SPEEDS.join(', ')}`);
  }
  const o = params.get('o');
  if (o !== null) {
    const racers: RacerConfig[] = [];
    for (const part of o.split('~').filter(Boolean)) {
      const racer = decodeRacer(part);
      if (typeof racer === 'string') problems.push(racer);
      else racers.push(racer);
    }
    state.racers = racers;
  }
  return { state, problems };
}

function decodeRacer(part: string): RacerConfig | string {
  const colon = part.indexOf(':');
  const type = colon < 0 ? part : part.slice(0, colon);
  let spec;
  try {
    spec = optimizerType(type);
  } catch {
    return `unknown optimizer "${type}"`;
  }
  const values: Record<string, number | boolean> = Object.fromEntries(spec.hypers.map((h) => [h.key, h.value]));
  const given = colon < 0 ? [] : part.slice(colon + 1).split(',').filter(Boolean);
  for (const pair of given) {
    const [key, raw] = pair.split('=');
    const hyper = spec.hypers.find((h) => h.key === key);
    const v = Number(raw);
    if (!hyper || raw === undefined || raw === '' || !Number.isFinite(v)) return `${type}: cannot read "${pair}"`;
    values[key] = hyper.kind === 'bool' ? v !== 0 : v;
  }
  return { type, values };
}
