// What tidy leaves to a graph it returns (src/tensor.ts's tidy), and when that is freed.
import type { Tensor, GradNode } from '../tensor.js';

// tidy never breaks a graph: when the scope returns a recorded tensor, what the scope made is
// not freed with it but held by that result's graph (TF.js's semantics; in torch the graph's
// references keep its saved tensors). A backward rule may read a node's inputs and whatever it
// captured (a mask, a softmax), so the scope's tensors are held as one bundle, freed when the
// graph is released: by a backward() through it without retainGraph (autograd.ts), or when
// every result holding it is disposed. A held tensor moves to the enclosing scope like a result.
interface Bundle {
  readonly tensors: Tensor[];
  holders: number;
}
const heldBy = new WeakMap<Tensor, Bundle[]>(); // a result -> the bundles it holds
let holdingResults = 0;

// Nodes a backward() walked without retainGraph: walking them again is refused (torch frees the
// graph; here a second walk would add the same gradients twice), and a scope returning such a
// result holds nothing for it (its graph is released already). A flag on the node (a WeakSet
// of nodes cost ~1 µs per node in its add and the garbage collector's ephemeron work).
export function markWalked(node: GradNode): void {
  node.walked = true;
}

export function isWalked(node: GradNode): boolean {
  return node.walked === true;
}

/** Whether any result holds tensors (dispose() asks before looking itself up). */
export function holdingAny(): boolean {
  return holdingResults > 0;
}

export function holdForGraphs(survivors: readonly Tensor[] | Set<Tensor>, made: Tensor[]): Set<Tensor> | null {
  let roots = 0;
  for (const t of survivors) if (t.node !== null && t.node.walked !== true) roots++;
  if (roots === 0) return null;
  const isSurvivor = (t: Tensor) => (Array.isArray(survivors) ? survivors.includes(t) : (survivors as Set<Tensor>).has(t));
  const tensors = made.filter((t) => !t.kept && !t.disposed && !isSurvivor(t));
  if (tensors.length === 0) return null;
  const bundle: Bundle = { tensors, holders: 0 };
  for (const root of survivors) {
    if (root.node === null || root.node.walked === true || heldBy.get(root)?.includes(bundle)) continue;
    bundle.holders++;
    const list = heldBy.get(root);
    if (list === undefined) {
      heldBy.set(root, [bundle]);
      holdingResults++;
    } else {
      list.push(bundle);
    }
  }
  return new Set(tensors);
}

/** Lets go of what `root` holds for its graph; a bundle no result holds any more is freed. */
export function releaseHeld(root: Tensor): void {
  const list = heldBy.get(root);
  if (list === undefined) return;
  heldBy.delete(root);
  holdingResults--;
  for (const bundle of list) if (--bundle.holders === 0) for (const t of bundle.tensors) t.dispose();
}

