// The one mechanism that refuses what descent does not implement. Every public function,
// constructor and method is declared once with a signature written as its user sees it,
// `'zeros(shape, {requiresGrad})'`: how many positional arguments it takes, and which keys its
// options object (the `{...}` parameter) may hold. A call with one argument too many, an
// unknown option, or options that are not an object is refused with a TypeError naming the
// function, before the function runs. Nothing is ever silently ignored.
//
// Cost: a function is wrapped in a closure of fixed arity that reads `arguments.length` (which
// V8 does not materialise) and, only when the signature has options, looks at that one
// argument. No rest arguments, no copying, no Proxy on a function call. Constructors (not on the
// hot path) are wrapped in a Proxy with a `construct` trap; methods are wrapped in place on the
// prototype, so internal callers pay one inlined compare.
//
// test/api/refusal.test.mjs walks everything reachable from `import * as d` and fails for any
// callable that is not declared here.

import { parseSignature, ReadSignature, type Signature } from './signature_text.js';

export { checkSignatureText, parseSignature, type Signature } from './signature_text.js';

/** The property under which every declared callable carries its Signature. */
export const SIGNATURE: unique symbol = Symbol.for('descent.signature') as never;
/** On a declared class: the names of its prototype functions that are not public API. */
export const INTERNAL_METHODS: unique symbol = Symbol.for('descent.internalMethods') as never;

// ---- refusals (only on the error path) ------------------------------------------------------

// The public name of each declared class (and of its Proxy): a minifier may rename classes, so
// messages and module printing read the name from here, and a user's subclass (not minified)
// from its constructor.
const declaredNames = new WeakMap<object, string>();

/** The class name of an object as its user knows it: a declared class's public name, else constructor.name. */
export function className(self: unknown, fallback = 'Object'): string {
  const ctor = self !== null && typeof self === 'object' ? (self as { constructor?: { name?: unknown } }).constructor : undefined;
  if (ctor === undefined || ctor === null) return fallback;
  const declared = declaredNames.get(ctor);
  if (declared !== undefined) return declared;
  return typeof ctor.name === 'string' && ctor.name !== '' ? ctor.name : fallback;
}

function calledName(sig: Signature, self: unknown): string {
  if (sig.owner === undefined) return sig.name;
  return `${className(self, sig.owner)}.${sig.name}`;
}

const NEVER_IGNORED = 'descent refuses what it does not implement rather than ignoring it';

function arityError(sig: Signature, got: number, self: unknown): TypeError {
  const n = sig.arity;
  const expected = n === 0 ? 'no arguments' : `at most ${n} argument${n === 1 ? '' : 's'}`;
  return new TypeError(`${calledName(sig, self)}: expected ${expected} (${sig.text}), got ${got} (${NEVER_IGNORED})`);
}

function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return `string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`;
  if (typeof x === 'symbol' || typeof x === 'function') return `a ${typeof x}`;
  return `${typeof x} ${String(x)}`;
}

function accepted(sig: Signature): string {
  return sig.options.length === 0 ? 'accepts none' : `accepts ${sig.options.join(', ')}`;
}

/** Returns an error for options that are not a plain object or hold an unknown key, else null. */
function optionsError(sig: Signature, options: unknown, self: unknown): TypeError | null {
  if (options === undefined) return null;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    return new TypeError(
      `${calledName(sig, self)}: the options argument of ${sig.text} must be an object, got ${describeValue(options)}`,
    );
  }
  const allowed = sig.options;
  let unknown: PropertyKey | undefined;
  try {
    // Own keys (also non-enumerable and symbols), then inherited enumerable ones: all that a read
    // of `options.key` could see and a user could mean.
    for (const k of Reflect.ownKeys(options)) {
      if (typeof k !== 'string' || !allowed.includes(k)) {
        unknown = k;
        break;
      }
    }
    if (unknown === undefined) {
      for (const k in options) {
        if (!allowed.includes(k)) {
          unknown = k;
          break;
        }
      }
    }
  } catch (e) {
    return new TypeError(`${calledName(sig, self)}: cannot read the keys of its options: ${(e as Error)?.message ?? String(e)}`);
  }
  if (unknown === undefined) return null;
  return new TypeError(
    `${calledName(sig, self)}: unknown option ${typeof unknown === 'string' ? `'${unknown}'` : String(unknown)}; ` +
      `${sig.text} ${accepted(sig)} (${NEVER_IGNORED})`,
  );
}

/**
 * Checks options given where a call's signature allows them in a second place (huberLoss's
 * `delta | {delta, reduction}`, backward's `gradient | {…}`): the same refusal as a declared
 * options parameter, against `signature`'s option keys. `self` names the class of a method.
 */
export function checkOptionsOf(signature: string, options: unknown, owner?: string, self?: unknown): void {
  const error = optionsError(parseSignature(signature, owner), options, self);
  if (error !== null) throw error;
}

// Where the options of `zeros(...size, {requiresGrad})` are: after one array of sizes, or last
// when the sizes are numbers; -1 for none.
function optionsAfterSizes(args: ArrayLike<unknown>): number {
  const n = args.length;
  if (n === 0) return -1;
  if (Array.isArray(args[0])) return n > 1 ? 1 : -1;
  if (n === 1) return args[0] !== null && typeof args[0] === 'object' ? 0 : -1;
  const last = args[n - 1];
  return typeof last === 'number' || Array.isArray(last) ? -1 : n - 1;
}

function sizesError(sig: Signature, args: ArrayLike<unknown>, self: unknown): TypeError | null {
  const at = optionsAfterSizes(args);
  if (at < 0) return null;
  if (at < args.length - 1) {
    return new TypeError(
      `${calledName(sig, self)}: expected at most 2 arguments when the sizes are one array (${sig.text}), got ${args.length} (${NEVER_IGNORED})`,
    );
  }
  return optionsError(sig, args[at], self);
}

// Only reached on a refusal; keeps the wrappers' fast path small.
function refuse(sig: Signature, async: boolean, error: TypeError): never {
  if (async) return Promise.reject(error) as never;
  throw error;
}

// ---- wrappers -------------------------------------------------------------------------------

type AnyFn = (this: unknown, ...args: any[]) => unknown;

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as unknown;

/**
 * Wraps fn so that a call with more than the declared number of arguments, or with options
 * that are not an object or hold an unknown key, is refused before fn runs. Fixed arity up to
 * four parameters (most of the surface); longer signatures use a rest parameter.
 */
function guard<F extends AnyFn>(sig: Signature, fn: F): F {
  const async = fn instanceof (AsyncFunction as FunctionConstructor);
  const at = sig.optionsAt;
  let wrapper: AnyFn;
  if (sig.optionsAfterRest) {
    wrapper = function (this: unknown, ...args: unknown[]) {
      const error = sizesError(sig, args, this);
      if (error !== null) return refuse(sig, async, error);
      return fn.apply(this, args);
    };
  } else if (sig.arity === Infinity) {
    wrapper = at < 0 ? fn : function (this: unknown, ...args: unknown[]) {
      if (args.length > at) {
        const error = optionsError(sig, args[at], this);
        if (error !== null) return refuse(sig, async, error);
      }
      return fn.apply(this, args);
    };
  } else if (sig.arity === 0) {
    wrapper = function (this: unknown) {
      if (arguments.length > 0) return refuse(sig, async, arityError(sig, arguments.length, this));
      return fn.call(this);
    };
  } else if (sig.arity === 1) {
    wrapper = function (this: unknown, a: unknown) {
      if (arguments.length > 1) return refuse(sig, async, arityError(sig, arguments.length, this));
      if (at === 0 && a !== undefined) {
        const error = optionsError(sig, a, this);
        if (error !== null) return refuse(sig, async, error);
      }
      return fn.call(this, a);
    };
  } else if (sig.arity === 2) {
    wrapper = function (this: unknown, a: unknown, b: unknown) {
      if (arguments.length > 2) return refuse(sig, async, arityError(sig, arguments.length, this));
      if (at >= 0) {
        const error = optionsError(sig, at === 0 ? a : b, this);
        if (error !== null) return refuse(sig, async, error);
      }
      return fn.call(this, a, b);
    };
  } else if (sig.arity === 3) {
    wrapper = function (this: unknown, a: unknown, b: unknown, c: unknown) {
      if (arguments.length > 3) return refuse(sig, async, arityError(sig, arguments.length, this));
      if (at >= 0) {
        const error = optionsError(sig, at === 0 ? a : at === 1 ? b : c, this);
        if (error !== null) return refuse(sig, async, error);
      }
      return fn.call(this, a, b, c);
    };
  } else if (sig.arity === 4) {
    wrapper = function (this: unknown, a: unknown, b: unknown, c: unknown, e: unknown) {
      if (arguments.length > 4) return refuse(sig, async, arityError(sig, arguments.length, this));
      if (at >= 0) {
        const error = optionsError(sig, at === 0 ? a : at === 1 ? b : at === 2 ? c : e, this);
        if (error !== null) return refuse(sig, async, error);
      }
      return fn.call(this, a, b, c, e);
    };
  } else {
    const n = sig.arity;
    wrapper = function (this: unknown, ...args: unknown[]) {
      if (args.length > n) return refuse(sig, async, arityError(sig, args.length, this));
      if (at >= 0) {
        const error = optionsError(sig, args[at], this);
        if (error !== null) return refuse(sig, async, error);
      }
      return fn.apply(this, args);
    };
  }
  if (wrapper !== fn) {
    Object.defineProperty(wrapper, 'name', { value: sig.name || fn.name });
    if (wrapper.length !== fn.length) Object.defineProperty(wrapper, 'length', { value: fn.length });
  }
  Object.defineProperty(wrapper, SIGNATURE, { value: sig });
  return wrapper as F;
}

/**
 * Declares a public function: `export const eye = declare('eye(n)', create.eye)`. Returns the
 * guarded function, which is what the public surface must export.
 */
export function declare<F extends (...args: any[]) => any>(signature: string, fn: F): F {
  if (typeof fn !== 'function') throw new Error(`descent: internal error: declare('${signature}') of a non-function`);
  const sig = new ReadSignature(signature, undefined);
  if (sig.arity < fn.length) {
    throw new Error(`descent: internal error: signature '${signature}' declares fewer parameters than the function has (${fn.length})`);
  }
  return guard(sig, fn as unknown as AnyFn) as unknown as F;
}

export interface ClassDeclaration {
  /** Public methods (own or inherited ones this class re-declares): name -> signature. */
  methods?: Record<string, string>;
  /** Prototype functions that are not public API (TypeScript protected/private ones). */
  internal?: readonly string[];
  /** The constructor is not public: `new` is refused with this hint (what to use instead). */
  notConstructible?: string;
}

/**
 * Declares a public class: its constructor's signature (a Proxy refuses extra arguments and
 * unknown options at `new`, subclass `super(...)` calls included) and its public methods (wrapped
 * in place on the prototype, so internal callers get the same checks at the cost of one compare).
 * Export the result under the class's name with a type alias:
 *   `export const Linear = declareClass('Linear(inFeatures, outFeatures, {bias, seed})', layers.Linear,
 *      { methods: { forward: 'forward(input)' } }); export type Linear = layers.Linear;`
 */
export function declareClass<C extends abstract new (...args: any) => any>(signature: string, cls: C, declaration: ClassDeclaration = {}): C {
  const sig: Signature = new ReadSignature(signature, undefined, true, declaration.notConstructible);
  const proto = cls.prototype as Record<string, unknown>;
  for (const [name, text] of Object.entries(declaration.methods ?? {})) {
    const method = proto[name];
    if (typeof method !== 'function') throw new Error(`descent: internal error: ${sig.name}.${name} is not a method`);
    if ((method as { [SIGNATURE]?: Signature })[SIGNATURE]?.owner === sig.name) continue; // declared already
    const msig = new ReadSignature(text, sig.name);
    if (msig.name !== name || msig.arity < (method as AnyFn).length) {
      throw new Error(`descent: internal error: signature '${text}' declared for method ${name} (${(method as AnyFn).length} parameters)`);
    }
    // A class's own method is writable, configurable and not enumerable already: an assignment
    // keeps that (and is cheaper at import than defining it again); an inherited one is defined.
    if (Object.prototype.hasOwnProperty.call(proto, name)) proto[name] = guard(msig, method as AnyFn);
    else Object.defineProperty(proto, name, { value: guard(msig, method as AnyFn), writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(proto, INTERNAL_METHODS, { value: Object.freeze([...(declaration.internal ?? [])]), configurable: true });
  // The Proxy reports the public name, also where a minifier renamed the class. The class itself
  // is left alone: redefining a function's `name` makes it a dictionary-mode object in V8, and
  // `Tensor.empty`, `new Tensor`, `instanceof Tensor` slow (add+dispose 313 vs 255 ns, Node 20).
  const notConstructible = declaration.notConstructible;
  const proxy: C = new Proxy(cls, {
    construct(target, args, newTarget) {
      if (notConstructible !== undefined) {
        throw new TypeError(`${sig.name}: not a public constructor; ${notConstructible}`);
      }
      if (args.length > sig.arity) throw arityError(sig, args.length, undefined);
      if (sig.optionsAfterRest) {
        const error = sizesError(sig, args, undefined);
        if (error !== null) throw error;
      } else if (sig.optionsAt >= 0 && args.length > sig.optionsAt) {
        const error = optionsError(sig, args[sig.optionsAt], undefined);
        if (error !== null) throw error;
      }
      return Reflect.construct(target, args, newTarget === proxy ? target : newTarget);
    },
    get(target, key, receiver) {
      if (key === SIGNATURE) return sig;
      if (key === 'name') return sig.name;
      return Reflect.get(target, key, receiver);
    },
    getOwnPropertyDescriptor(target, key) {
      const own = Reflect.getOwnPropertyDescriptor(target, key);
      return key === 'name' && own !== undefined && own.configurable === true ? { ...own, value: sig.name } : own;
    },
  });
  declaredNames.set(cls, sig.name);
  declaredNames.set(proxy, sig.name);
  // `x.constructor` is the public class: its name, and `new x.constructor(...)` checked like `new C(...)`.
  Object.defineProperty(proto, 'constructor', { value: proxy, writable: true, configurable: true, enumerable: false });
  return proxy;
}
