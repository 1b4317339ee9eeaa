// Every op code and mode flag the kernels switch on, in one place. tools/gen-kernels.mjs reads
// this file and writes the same constants into src/generated/opcodes.ts for the dispatch
// layer, so TypeScript never copies a number by hand. Only `export const NAME = <integer>;`
// lines (with an optional /** doc */ above) belong here.

// Binary elementwise ops (assembly/elementwise.ts).
export const OP_ADD = 0;
export const OP_SUB = 1;
export const OP_MUL = 2;
export const OP_DIV = 3;
export const OP_MAX = 4;
export const OP_MIN = 5;
export const OP_POW = 6;
export const OP_GT = 7;
export const OP_GE = 8;
export const OP_LT = 9;
export const OP_LE = 10;
export const OP_EQ = 11;

// Unary elementwise ops (assembly/unary.ts).
export const U_ABS = 0;
export const U_EXP = 1;
export const U_LOG = 2;
export const U_SQRT = 3;
export const U_SQUARE = 4;
export const U_RELU = 5;
export const U_SIGMOID = 6;
export const U_TANH = 7;
export const U_GELU = 8;
export const U_SOFTPLUS = 9;
export const U_SIGN = 10;
export const U_ERF = 11;

// Trigonometric ops (assembly/trig.ts).
export const TRIG_SIN = 0;
export const TRIG_COS = 1;

// The vocabulary's unary ops (assembly/pointwise.ts).
export const PW_LOG1P = 0;
export const PW_EXPM1 = 1;
export const PW_RECIPROCAL = 2;
export const PW_RSQRT = 3;
export const PW_FLOOR = 4;
export const PW_CEIL = 5;
export const PW_ROUND = 6;
export const PW_TRUNC = 7;

// Matrix product variants (assembly/matmul.ts).
/** out = A·B, A [m,k], B [k,n] */
export const MATMUL_AB = 0;
/** out = Aᵀ·B, A [k,m], B [k,n] */
export const MATMUL_ATB = 1;
/** out = A·Bᵀ, A [m,k], B [n,k] */
export const MATMUL_ABT = 2;

// Norm modes of normPart (assembly/optim/vector.ts).
export const NORM_INF = 0;
export const NORM_L1 = 1;
export const NORM_L2 = 2;
/** Σ|x|^p for a general p (through the engine's pow). */
export const NORM_POWER = 3;
/** min|x| (normAxis only). */
export const NORM_NEG_INF = 4;
/** The number of non-zero elements (normAxis only). */
export const NORM_ZERO = 5;

// Optimizer update modes (assembly/optim/*.ts): bit flags added together.
export const SGD_PLAIN = 0;
export const SGD_MOMENTUM = 1;
export const SGD_NESTEROV = 2;
/** Added to the mode when weight decay is on (torch skips the term entirely when λ = 0). */
export const SGD_DECAY = 4;
export const ADAM_NO_DECAY = 0;
export const ADAM_L2 = 1;
export const ADAM_DECOUPLED = 2;
/** Added to the mode for AMSGrad. */
export const ADAM_AMSGRAD = 4;
export const ADAGRAD_DECAY = 1;
export const RMSPROP_DECAY = 1;
export const RMSPROP_CENTERED = 2;
export const RMSPROP_MOMENTUM = 4;
export const ADADELTA_DECAY = 1;
export const ADAMAX_DECAY = 1;
export const NADAM_DECAY = 1;
export const RADAM_DECAY = 1;
export const RADAM_RECTIFIED = 2;
export const ASGD_DECAY = 1;
/** Added to the mode once averaging has started (μ ≠ 1); before that the average is a copy of p. */
export const ASGD_AVERAGE = 2;
