// Adding and removing dimensions of size 1, and view: reshapes that share storage (views), so
// their gradients are reshapes back.
import { Tensor, formatShape } from '../tensor.js';
import { checkTensor, normalizeAxis, sizesOf } from './util.js';
import { reshape } from './shape.js';

/** A size-1 dimension inserted at dim (-ndim-1 ≤ dim ≤ ndim), as torch.unsqueeze. */
export function unsqueeze(input: Tensor, dim: number): Tensor {
  const x = checkTensor(input, 'unsqueeze', 'input');
  const at = normalizeAxis(dim, x.ndim + 1, 'unsqueeze');
  return reshape(x, [...x.shape.slice(0, at), 1, ...x.shape.slice(at)]);
}

/** Without dim: every size-1 dimension removed; with dim (or dims): those, where their size is 1. */
export function squeeze(input: Tensor, dim?: number | number[]): Tensor {
  const x = checkTensor(input, 'squeeze', 'input');
  if (dim === undefined || dim === null) return reshape(x, x.shape.filter((d) => d !== 1));
  const dims = (Array.isArray(dim) ? dim : [dim]).map((d) => normalizeAxis(d, x.ndim, 'squeeze'));
  return reshape(x, x.shape.filter((d, i) => !(d === 1 && dims.includes(i))));
}

/** The same data with a new shape (one dimension may be -1); a view. view(2, 3) ≡ view([2, 3]). */
export function view(input: Tensor, ...shape: number[] | [number[]]): Tensor {
  const x = checkTensor(input, 'view', 'input');
  const sizes = sizesOf('view', shape);
  try {
    return reshape(x, sizes);
  } catch (e) {
    throw new Error(`view: shape ${formatShape(sizes)} is invalid for a tensor of shape ${formatShape(x.shape)}: ${(e as Error).message}`);
  }
}
