// The elementwise ops, one line each. tools/gen-elementwise.mjs turns this table into their
// kernels (assembly/generated/): for each op, exported kernels whose loop is specialised for it
// (the loop templates are assembly/elementwise_loops.ts and assembly/unary_loops.ts) and its case
// in the op-code entries (`binary`, `unary`, …), which dispatch once per call. Adding an op: its code in
// assembly/opcodes.ts, a line here, any new maths in assembly/math/ (exported from its index.ts),
// then `npm run build`.
//
// Formulas are AssemblyScript expressions: `vec` over f32x4 lanes and `one` over a scalar f32
// (they must give the same bits). Binary ops read a, b; unary ops read x and their gradients read
// x, y = f(x) and the incoming gradient g. `unroll` (and `unrollGrad`): the op is cheap, so its
// loop does four vectors per iteration (measured a little faster for such ops).

/** Binary ops: kernels `${name}VV` (a[i] op b[i]), `${name}VS` (a[i] op s), `${name}SV` (s op b[i]), `${name}Broadcast`. */
export const BINARY = [
  { name: 'add', code: 'OP_ADD', vec: 'f32x4.add(a, b)', one: 'a + b', unroll: true },
  { name: 'sub', code: 'OP_SUB', vec: 'f32x4.sub(a, b)', one: 'a - b', unroll: true },
  { name: 'mul', code: 'OP_MUL', vec: 'f32x4.mul(a, b)', one: 'a * b', unroll: true },
  { name: 'div', code: 'OP_DIV', vec: 'f32x4.div(a, b)', one: 'a / b', unroll: true },
  // NaN-propagating like torch.maximum/minimum (Wasm's max/min return NaN if either is NaN, and
  // order -0 below +0, in a lane and in the scalar tail alike).
  { name: 'maximum', code: 'OP_MAX', vec: 'f32x4.max(a, b)', one: 'max<f32>(a, b)', unroll: true },
  { name: 'minimum', code: 'OP_MIN', vec: 'f32x4.min(a, b)', one: 'min<f32>(a, b)', unroll: true },
  { name: 'pow', code: 'OP_POW', vec: 'pow32x4(a, b)', one: 'pow32(a, b)' },
  { name: 'gt', code: 'OP_GT', vec: 'v128.and(f32x4.gt(a, b), f32x4.splat(1))', one: 'a > b ? 1 : 0', unroll: true },
  { name: 'ge', code: 'OP_GE', vec: 'v128.and(f32x4.ge(a, b), f32x4.splat(1))', one: 'a >= b ? 1 : 0', unroll: true },
  { name: 'lt', code: 'OP_LT', vec: 'v128.and(f32x4.lt(a, b), f32x4.splat(1))', one: 'a < b ? 1 : 0', unroll: true },
  { name: 'le', code: 'OP_LE', vec: 'v128.and(f32x4.le(a, b), f32x4.splat(1))', one: 'a <= b ? 1 : 0', unroll: true },
  { name: 'eq', code: 'OP_EQ', vec: 'v128.and(f32x4.eq(a, b), f32x4.splat(1))', one: 'a == b ? 1 : 0', unroll: true },
];

/** Unary ops: kernels `${name}Forward` (out = f(x)) and `${name}Backward` (out = g·f'(x), torch's formulas). */
export const UNARY = [
  { name: 'abs', code: 'U_ABS', vec: 'f32x4.abs(x)', one: 'abs<f32>(x)', grad: 'f32x4.mul(g, sign32x4(x))', gradOne: 'g * sign32(x)', unroll: true, unrollGrad: true },
  { name: 'exp', code: 'U_EXP', vec: 'exp32x4(x)', one: 'exp32(x)', grad: 'f32x4.mul(g, y)', gradOne: 'g * y', unrollGrad: true },
  { name: 'log', code: 'U_LOG', vec: 'log32x4(x)', one: 'log32(x)', grad: 'f32x4.div(g, x)', gradOne: 'g / x', unrollGrad: true },
  { name: 'sqrt', code: 'U_SQRT', vec: 'f32x4.sqrt(x)', one: 'sqrt<f32>(x)', grad: 'f32x4.div(g, f32x4.add(y, y))', gradOne: 'g / (y + y)', unroll: true, unrollGrad: true },
  { name: 'square', code: 'U_SQUARE', vec: 'f32x4.mul(x, x)', one: 'x * x', grad: 'f32x4.mul(g, f32x4.add(x, x))', gradOne: 'g * (x + x)', unroll: true, unrollGrad: true },
  // NaN propagates, as in torch; the gradient passes g where y > 0 is not false.
  { name: 'relu', code: 'U_RELU', vec: 'f32x4.max(x, f32x4.splat(0))', one: 'max<f32>(x, 0)', grad: 'v128.andnot(g, f32x4.le(y, f32x4.splat(0)))', gradOne: 'y <= 0 ? 0 : g', unroll: true, unrollGrad: true },
  { name: 'sigmoid', code: 'U_SIGMOID', vec: 'sigmoid32x4(x)', one: 'sigmoid32(x)', grad: 'f32x4.mul(g, f32x4.mul(f32x4.sub(f32x4.splat(1), y), y))', gradOne: 'g * ((<f32>1 - y) * y)', unrollGrad: true },
  { name: 'tanh', code: 'U_TANH', vec: 'tanh32x4(x)', one: 'tanh32(x)', grad: 'f32x4.mul(g, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)))', gradOne: 'g * (<f32>1 - y * y)', unrollGrad: true },
  { name: 'gelu', code: 'U_GELU', vec: 'gelu32x4(x)', one: 'gelu32(x)', grad: 'f32x4.mul(g, geluGrad32x4(x))', gradOne: 'g * geluGrad32(x)' },
  { name: 'softplus', code: 'U_SOFTPLUS', vec: 'softplus32x4(x)', one: 'softplus32(x)', grad: 'f32x4.mul(g, sigmoid32x4(x))', gradOne: 'g * sigmoid32(x)' },
  { name: 'sign', code: 'U_SIGN', vec: 'sign32x4(x)', one: 'sign32(x)', grad: 'f32x4.mul(g, f32x4.splat(0))', gradOne: 'g * 0', unroll: true, unrollGrad: true },
  { name: 'erf', code: 'U_ERF', vec: 'erf32x4(x)', one: 'erf32(x)', grad: 'f32x4.mul(g, erfGrad32x4(x))', gradOne: 'g * erfGrad32(x)' },
];
