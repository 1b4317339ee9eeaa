// torch.nn.Embedding: a [numEmbeddings, embeddingDim] table initialised N(0, 1) from our seeded
// generator, the paddingIdx row zeroed (and never given a gradient).
import { Tensor } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { Generator, defaultGenerator, fillNormal } from '../random.js';
import { describe } from '../ops/util.js';
import { embedding, checkPaddingIdx } from '../ops/embedding.js';
import { Module } from './module.js';

export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  readonly weight: Tensor;

  constructor(numEmbeddings: number, embeddingDim: number, opts: { paddingIdx?: number | null; seed?: number } = {}) {
    super();
    const o = (opts ?? {}) as { paddingIdx?: number | null; seed?: number };
    for (const [v, what] of [[numEmbeddings, 'numEmbeddings'], [embeddingDim, 'embeddingDim']] as const) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`Embedding: ${what} must be a positive integer, got ${describe(v)}`);
    }
    if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new TypeError(`Embedding: seed must be an integer, got ${describe(o.seed)}`);
    const pad = checkPaddingIdx(o.paddingIdx, numEmbeddings, 'Embedding');
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = pad < 0 ? null : pad;
    const weight = Tensor.empty([numEmbeddings, embeddingDim]);
    const g = o.seed === undefined ? defaultGenerator() : new Generator(o.seed);
    fillNormal(g, weight, 0, 1);
    if (o.seed !== undefined) g.dispose();
    if (pad >= 0) kernels.writeFloats(weight, new Float32Array(embeddingDim), pad * embeddingDim);
    this.weight = this.registerParameter('weight', weight);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, padding_idx=${this.paddingIdx}`}`;
  }

  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, this.paddingIdx === null ? {} : { paddingIdx: this.paddingIdx });
  }
}
