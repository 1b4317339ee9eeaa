// Reads the shipped kernel module (build/descent.wasm, the bytes the package embeds) and checks
// its structure: no kernel dispatches per vector. When the loops of several ops sat in one
// function behind a switch, binaryen's -O3 merged them into a single loop with a br_table on
// every vector (2-3x slower for add and mul); the ops and modes now live in separate exported
// kernels, and the op-code entries only call them, once per call.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import binaryen from 'binaryen';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bytes = readFileSync(`${root}build/descent.wasm`);

/** The module as folded text, split into functions: export name (or $id) -> { id, text }. */
function functionsOf(wasm) {
  const mod = binaryen.readBinaryWithFeatures(wasm, binaryen.Features.All);
  const text = mod.emitText();
  mod.dispose();
  const lines = text.split('\n');
  const exportOf = new Map(); // function id -> export names
  for (const line of lines) {
    const m = /^ \(export "([^"]+)" \(func (\$\S+)\)\)/.exec(line);
    if (m) exportOf.set(m[2], [...(exportOf.get(m[2]) ?? []), m[1]]);
  }
  const bodies = new Map(); // function id -> text
  let id = null;
  let body = [];
  for (const line of lines) {
    const m = /^ \(func (\$\S+)/.exec(line);
    if (m || /^ \((export|data|elem|global|memory|table|type|import)\b/.test(line)) {
      if (id !== null) bodies.set(id, body.join('\n'));
      id = m ? m[1] : null;
      body = [];
    }
    if (id !== null) body.push(line);
  }
  if (id !== null) bodies.set(id, body.join('\n'));
  const byName = new Map();
  for (const [fid, text] of bodies) for (const name of exportOf.get(fid) ?? [fid]) byName.set(name, { id: fid, text });
  return byName;
}

/** The instruction names found inside `loop` forms of a folded function body. */
function insideLoops(body) {
  const found = new Set();
  const loopDepths = []; // paren depths at which loops opened
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') {
      for (i++; i < body.length && body[i] !== '"'; i++) if (body[i] === '\\') i++;
    } else if (c === '(') {
      depth++;
      const op = /^[a-z0-9_.]+/.exec(body.slice(i + 1, i + 40))?.[0] ?? '';
      if (loopDepths.length > 0) found.add(op);
      if (op === 'loop') loopDepths.push(depth);
    } else if (c === ')') {
      if (loopDepths.at(-1) === depth) loopDepths.pop();
      depth--;
    }
  }
  return found;
}

const functions = functionsOf(bytes);
const bodyOf = (name) => functions.get(name)?.text;

// The op-code / mode entries the TypeScript side calls, and the kernels they dispatch to.
const ELEMENTWISE = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow', 'gt', 'ge', 'lt', 'le', 'eq'];
const UNARY = ['abs', 'exp', 'log', 'sqrt', 'square', 'relu', 'sigmoid', 'tanh', 'gelu', 'softplus', 'sign', 'erf'];
const ENTRIES = {
  binary: ELEMENTWISE.map((op) => `${op}VV`),
  binaryScalarRight: ELEMENTWISE.map((op) => `${op}VS`),
  binaryScalarLeft: ELEMENTWISE.map((op) => `${op}SV`),
  binaryBroadcast: ELEMENTWISE.map((op) => `${op}Broadcast`),
  unary: UNARY.map((op) => `${op}Forward`),
  unaryBackward: UNARY.map((op) => `${op}Backward`),
  trig: ['sinForward', 'cosForward'],
  normPart: ['normPartL1', 'normPartL2', 'normPartInf', 'normPartPower'],
  sgdUpdate: ['Plain', 'Momentum', 'Nesterov', 'PlainDecay', 'MomentumDecay', 'NesterovDecay'].map((m) => `sgd${m}`),
  adamUpdate: ['NoDecay', 'L2', 'Decoupled', 'AmsgradNoDecay', 'AmsgradL2', 'AmsgradDecoupled'].map((m) => `adam${m}`),
  adagradUpdate: ['adagradPlain', 'adagradDecay'],
  adadeltaUpdate: ['adadeltaPlain', 'adadeltaDecay'],
  adamaxUpdate: ['adamaxPlain', 'adamaxDecay'],
  nadamUpdate: ['nadamPlain', 'nadamDecay'],
  radamUpdate: ['Plain', 'Decay', 'Rectified', 'DecayRectified'].map((m) => `radam${m}`),
  rmspropUpdate: ['Plain', 'Decay', 'Centered', 'DecayCentered', 'Momentum', 'DecayMomentum', 'CenteredMomentum',
    'DecayCenteredMomentum'].map((m) => `rmsprop${m}`),
  normAxis: ['L1', 'L2', 'Inf', 'NegInf', 'Zero'].map((m) => `normAxis${m}`),
};

describe('kernel module structure (build/descent.wasm)', () => {
  it('parses the module and finds its kernels', () => {
    expect(functions.size).to.be.greaterThan(100);
    expect(insideLoops(bodyOf('addVV'))).to.include('f32x4.add');
  });

  it('has no br_table inside any loop of any function', () => {
    const offenders = [...functions].filter(([, f]) => insideLoops(f.text).has('br_table')).map(([name]) => name);
    expect(offenders).to.deep.equal([]);
  });

  for (const [entry, kernels] of Object.entries(ENTRIES)) {
    it(`${entry} dispatches once per call, outside any loop, to ${kernels.length} specialised kernels`, () => {
      const body = bodyOf(entry);
      expect(body, entry).to.be.a('string');
      expect(body).not.to.match(/\(loop\b/);
      const calls = new Set([...body.matchAll(/\(call (\$[^\s)]+)/g)].map((m) => m[1]));
      expect([...calls].sort()).to.deep.equal(kernels.map((k) => functions.get(k)?.id).sort());
      for (const kernel of kernels) {
        const text = bodyOf(kernel);
        expect(text, kernel).to.be.a('string');
        expect(text).to.match(/\(loop\b/);
        expect(insideLoops(text)).not.to.include('br_table');
      }
    });
  }

  it('keeps the hot loops of add, mul and the Adam/SGD updates free of calls and branches on a mode', () => {
    for (const kernel of ['addVV', 'mulVV', 'addVS', 'mulVS', 'adamNoDecay', 'adamDecoupled', 'sgdPlain', 'sgdMomentum']) {
      const ops = insideLoops(bodyOf(kernel));
      expect(ops.has('call'), kernel).to.equal(false);
      expect(ops.has('select'), kernel).to.equal(false);
    }
  });
});
