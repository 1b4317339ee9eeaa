// d.autograd: torch.autograd's functional gradient (grad) and custom differentiable functions
// (Function with a ctx), built on the tape of src/autograd.ts.
import { Tensor, assertAlive, formatShape, isGradEnabled } from './tensor.js';
import { record, runBackward, noGrad } from './autograd.js';
import { detach } from './ops/shape.js';
import { describe } from './ops/util.js';
import { declare } from './signature.js';

export interface GradOptions {
  /** The gradient flowing into each output (default: 1 for scalar outputs). */
  gradOutputs?: Tensor | (Tensor | null)[] | null;
  /** Keep the graph for another backward (accepted; graphs are kept). */
  retainGraph?: boolean;
  /** Record the gradient computation, so the gradients can be differentiated again. */
  createGraph?: boolean;
  /** Return null for an input the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

function tensorList(value: unknown, what: string): Tensor[] {
  const list = Array.isArray(value) ? value : [value];
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`autograd.grad: ${what}[${i}] must be a Tensor, got ${describe(t)}`);
    assertAlive(t, 'autograd.grad');
  });
  return list as Tensor[];
}

/**
 * The gradients of the outputs (weighted by gradOutputs) with respect to each input, as
 * torch.autograd.grad: returned, not accumulated into any .grad.
 */
function gradientsOf(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const outs = tensorList(outputs, 'outputs');
  const ins = tensorList(inputs, 'inputs');
  const createGraph = opts.createGraph ?? false;
  const allowUnused = opts.allowUnused ?? false;
  for (const [k, v] of [['createGraph', createGraph], ['allowUnused', allowUnused], ['retainGraph', opts.retainGraph ?? false]] as const) {
    if (typeof v !== 'boolean') throw new TypeError(`autograd.grad: ${k} must be a boolean, got ${describe(v)}`);
  }
  const gradOuts = opts.gradOutputs === undefined || opts.gradOutputs === null ? outs.map(() => null) : Array.isArray(opts.gradOutputs) ? opts.gradOutputs : [opts.gradOutputs];
  if (gradOuts.length !== outs.length) throw new Error(`autograd.grad: ${outs.length} outputs but ${gradOuts.length} gradOutputs`);
  ins.forEach((x, i) => {
    if (!x.requiresGrad) throw new Error(`autograd.grad: inputs[${i}] (shape ${formatShape(x.shape)}) does not require grad`);
  });
  const sums: (Tensor | null)[] = ins.map(() => null);
  outs.forEach((out, i) => {
    if (!out.requiresGrad) throw new Error(`autograd.grad: outputs[${i}] (shape ${formatShape(out.shape)}) does not require grad and has no grad function`);
    const collected = runBackward(out, gradOuts[i] ?? null, { inputs: ins, createGraph, retainGraph: opts.retainGraph });
    ins.forEach((x, k) => {
      const g = collected.get(x);
      if (g === undefined) return;
      const prev = sums[k];
      if (prev === null) {
        sums[k] = g;
      } else {
        sums[k] = prev.add(g);
        if (!createGraph) {
          prev.dispose();
          g.dispose();
        }
      }
    });
  });
  sums.forEach((g, k) => {
    if (g === null && !allowUnused) {
      for (const s of sums) s?.dispose();
      throw new Error(`autograd.grad: inputs[${k}] (shape ${formatShape(ins[k].shape)}) was not used to compute the outputs; pass { allowUnused: true } to get null for it`);
    }
  });
  return sums;
}

/** What forward saves and backward reads; other properties may be set on it freely. */
class FunctionContext {
  #saved: Tensor[] = [];
  /** For each forward argument: whether it is a tensor that needs a gradient. */
  needsInputGrad: boolean[] = [];
  [key: string]: unknown;

  saveForBackward(...tensors: (Tensor | null)[]): void {
    tensors.forEach((t, i) => {
      if (t !== null && !(t instanceof Tensor)) throw new TypeError(`saveForBackward: argument ${i} must be a Tensor or null, got ${describe(t)}`);
    });
    this.#saved = tensors as Tensor[];
  }

  get savedTensors(): Tensor[] {
    return this.#saved.slice();
  }
}

export interface FunctionDefinition {
  forward(ctx: FunctionContext, ...args: any[]): Tensor; // eslint-disable-line @typescript-eslint/no-explicit-any
  backward(ctx: FunctionContext, gradOutput: Tensor): Tensor | null | undefined | (Tensor | null | undefined)[];
}

/**
 * A differentiable function with a hand-written backward, as torch.autograd.Function:
 * `const Cube = d.autograd.Function({ forward(ctx, x) {...}, backward(ctx, g) {...} }); Cube.apply(x)`.
 * backward returns one gradient per forward argument (null for those that need none).
 */
function defineFunction(definition: FunctionDefinition): { apply(...args: unknown[]): Tensor } {
  if (definition === null || typeof definition !== 'object') throw new TypeError(`autograd.Function: expected { forward, backward }, got ${describe(definition)}`);
  const { forward, backward } = definition;
  if (typeof forward !== 'function' || typeof backward !== 'function') {
    throw new TypeError('autograd.Function: the definition needs forward(ctx, ...args) and backward(ctx, gradOutput) functions');
  }
  for (const k of Object.keys(definition)) if (k !== 'forward' && k !== 'backward') throw new TypeError(`autograd.Function: unknown member '${k}' (expected forward and backward)`);
  const name = forward.name && forward.name !== 'forward' ? forward.name : 'Function';
  return Object.freeze({
    apply(...args: unknown[]): Tensor {
      const ctx = new FunctionContext();
      ctx.needsInputGrad = args.map((a) => a instanceof Tensor && a.requiresGrad);
      let out = noGrad(() => forward.call(definition, ctx, ...args));
      if (!(out instanceof Tensor)) throw new TypeError(`autograd.Function: forward must return one Tensor, got ${describe(out)}`);
      const tensorArgs = args.map((a, i) => [a, i] as const).filter(([a]) => a instanceof Tensor) as [Tensor, number][];
      if (tensorArgs.some(([a]) => a === out)) out = detach(out); // the output must be a new tensor
      if (!isGradEnabled()) return out;
      return record(out, name, tensorArgs.map(([a]) => a), (g) => {
        const result = backward.call(definition, ctx, g);
        const grads = Array.isArray(result) ? result : [result];
        if (grads.length < args.length && !(grads.length === 1 && args.length >= 1)) {
          throw new Error(`autograd.Function: backward returned ${grads.length} gradients for ${args.length} forward arguments`);
        }
        return tensorArgs.map(([a, i]) => {
          const gi = grads[i] ?? null;
          if (gi === null) return null;
          if (!(gi instanceof Tensor) || gi.shape.join() !== a.shape.join()) {
            throw new Error(`autograd.Function: backward's gradient ${i} must be a Tensor of shape ${formatShape(a.shape)}, got ${gi instanceof Tensor ? formatShape(gi.shape) : describe(gi)}`);
          }
          // The walk frees gradients it is done with: never hand it a tensor the caller owns.
          return ctx.savedTensors.includes(gi) || args.includes(gi) ? gi.clone() : gi;
        });
      });
    },
  });
}

export type { FunctionContext };
export const grad = declare('grad(outputs, inputs, {gradOutputs, retainGraph, createGraph, allowUnused})', gradientsOf);
// torch's name; shadows the global Function only inside this module's exports.
const FunctionDeclared = declare('Function(definition)', defineFunction);
export { FunctionDeclared as Function };
