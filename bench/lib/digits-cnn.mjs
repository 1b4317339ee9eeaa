// The network of examples/cnn-digits.mjs, taken from the example itself (importing it trains
// nothing: it trains only when it is the program).
export { buildCnn } from '../../examples/cnn-digits.mjs';
