// Containers, as torch: Sequential (a chain), ModuleList (an indexed list) and ModuleDict (a
// keyed record). Their children are registered under '0', '1', ... or their keys, so state
// dict names are torch's ('0.weight', 'blocks.1.bias', 'heads.cls.weight').
import { Tensor } from '../tensor.js';
import { Linear, ReLU } from './layers.js';
import { linearRelu } from './functional.js';
import { describe } from '../ops/util.js';
import { Module } from './module.js';

function checkModule(op: string, m: unknown, what: string): Module {
  if (!(m instanceof Module)) throw new TypeError(`${op}: ${what} must be a Module, got ${describe(m)}`);
  return m;
}

function checkIndex(op: string, i: unknown, length: number, allowEnd = false): number {
  if (typeof i !== 'number' || !Number.isInteger(i)) throw new TypeError(`${op}: index must be an integer, got ${describe(i)}`);
  const hi = allowEnd ? length : length - 1;
  if (i < -length || i > hi) throw new RangeError(`${op}: index ${i} is out of range for ${length} modules`);
  return i < 0 ? i + length : i;
}

/** A record of modules given as a plain object or a Map (named entries), else null. */
function namedEntries(arg: unknown): [string, unknown][] | null {
  if (arg instanceof Map) return [...arg.entries()].map(([k, v]) => [String(k), v]);
  if (arg !== null && typeof arg === 'object' && !(arg instanceof Module) && Object.getPrototypeOf(arg) === Object.prototype) {
    return Object.entries(arg as Record<string, unknown>);
  }
  return null;
}

/** Applies its modules in order; children are named '0', '1', ... (or given names) as in torch. */
export class Sequential extends Module {
  constructor(...modules: Module[] | [Record<string, Module> | Map<string, Module>]) {
    super();
    const named = modules.length === 1 ? namedEntries(modules[0]) : null;
    if (named !== null) {
      for (const [name, m] of named) this.registerModule(name, checkModule('Sequential', m, `entry '${name}'`));
    } else {
      modules.forEach((m, i) => this.registerModule(String(i), checkModule('Sequential', m, `argument ${i}`)));
    }
  }

  /** The modules, in order. */
  get layers(): Module[] {
    return this.children();
  }

  get length(): number {
    return this.namedChildren().length;
  }

  /** The i-th module (negative counts from the end). */
  at(i: number): Module {
    const kids = this.children();
    return kids[checkIndex('Sequential.at', i, kids.length)];
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }

  /** Adds a module at the end, named by its position; returns this. */
  append(m: Module): this {
    this.registerModule(String(this.length), checkModule('Sequential.append', m, 'module'));
    return this;
  }

  /** Calls each module on the previous one's output (the first gets all the arguments). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(...args: any[]): Tensor {
    let current: unknown = args.length === 1 ? args[0] : args;
    let first = true;
    const layers = this.children();
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i];
      let next: unknown;
      if (current instanceof Tensor && fusable(layer, Linear) && i + 1 < layers.length && fusable(layers[i + 1], ReLU)) {
        // A Linear then a ReLU run as one fused op (the same bits, one kernel pass, one node).
        next = linearRelu(current, (layer as Linear).weight, (layer as Linear).bias);
        i++;
      } else {
        next = first ? layer.call(...(args as [])) : layer.call(current as never);
      }
      // Outside a recorded graph, an intermediate activation can go at once.
      if (!first && next !== current && isDisposable(current) && isDisposable(next) && !next.requiresGrad) current.dispose();
      current = next;
      first = false;
    }
    return current as Tensor;
  }
}

/** Exactly a `cls` with its own forward and no hooks (so fusing it changes nothing observable). */
function fusable(m: Module, cls: { prototype: Module }): boolean {
  return Object.getPrototypeOf(m) === cls.prototype && m.forward === cls.prototype.forward && !m.hasForwardHooks;
}

function isDisposable(x: unknown): x is { dispose(): void; requiresGrad: boolean } {
  return x !== null && typeof x === 'object' && typeof (x as { dispose?: unknown }).dispose === 'function' && 'requiresGrad' in (x as object);
}

/** A list of modules, registered as '0', '1', ... (torch.nn.ModuleList). It has no forward. */
export class ModuleList extends Module {
  constructor(modules: Iterable<Module> = []) {
    super();
    if (modules === null || typeof (modules as Iterable<Module>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`ModuleList: modules must be an iterable of Modules, got ${describe(modules)}`);
    }
    this.extend(modules);
  }

  get length(): number {
    return this.namedChildren().length;
  }

  at(i: number): Module {
    const kids = this.children();
    return kids[checkIndex('ModuleList.at', i, kids.length)];
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }

  append(m: Module): this {
    this.registerModule(String(this.length), checkModule('ModuleList.append', m, 'module'));
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts m before position i, renumbering the later modules. */
  insert(i: number, m: Module): this {
    checkModule('ModuleList.insert', m, 'module');
    const kids = this.children();
    const at = checkIndex('ModuleList.insert', i, kids.length, true);
    kids.splice(at, 0, m);
    kids.forEach((k, j) => {
      (this as unknown as Record<string, unknown>)[String(j)] = k;
    });
    if (kids.length > 0) this.registerModule(String(kids.length - 1), kids[kids.length - 1]);
    return this;
  }

  forward(): never {
    throw new Error('ModuleList: a ModuleList has no forward; iterate over it and call its modules');
  }
}

/** Modules by key, in insertion order (torch.nn.ModuleDict). It has no forward. */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> | Map<string, Module> = {}) {
    super();
    this.update(modules);
  }

  get length(): number {
    return this.namedChildren().length;
  }

  get(key: string): Module | undefined {
    return this.namedChildren().find(([k]) => k === key)?.[1];
  }

  set(key: string, m: Module): this {
    this.registerModule(key, checkModule('ModuleDict.set', m, `entry '${key}'`));
    return this;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  keys(): string[] {
    return this.namedChildren().map(([k]) => k);
  }

  values(): Module[] {
    return this.children();
  }

  entries(): [string, Module][] {
    return this.namedChildren();
  }

  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  update(modules: Record<string, Module> | Map<string, Module>): this {
    const named = namedEntries(modules);
    if (named === null) throw new TypeError(`ModuleDict: modules must be a plain object or a Map of Modules, got ${describe(modules)}`);
    for (const [k, m] of named) this.set(k, m as Module);
    return this;
  }

  forward(): never {
    throw new Error('ModuleDict: a ModuleDict has no forward; look modules up by key and call them');
  }
}
