// The kernel module: every export is a pure function over pointers, lengths and scalars.
// One kernel family per file; this file only gathers them.
export * from './memory';
export * from './elementwise';
export * from './unary';
export * from './reduce';
export * from './softmax';
export * from './matmul';
export * from './random';
export * from './checks';
export * from './trig';
export * from './optim/sgd';
export * from './optim/adam';
export * from './optim/adagrad';
export * from './optim/rmsprop';
export * from './optim/adadelta';
export * from './optim/adamax';
export * from './optim/nadam';
export * from './optim/radam';
export * from './optim/lion';
export * from './optim/vector';
export * from './gather';
export * from './conv';
export * from './pool';
export * from './norm';
export * from './embedding';
export * from './linear';
export * from './recurrent';
