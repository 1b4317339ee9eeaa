// The activation functions d.nn uses: the unary ops, re-exported for nn.functional and the
// activation modules.
export { relu, tanh, sigmoid, gelu, softplus, leakyRelu, abs } from '../ops/unary.js';
