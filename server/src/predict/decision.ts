/** Class decision from probabilities (issue #17): never from the runtime's label output. */

/** Binary: class 1 when p1 ≥ threshold (default 0.5); otherwise argmax (first maximum, like numpy). */
export function decideClass(probabilities: ArrayLike<number>, threshold = 0.5): number {
  if (probabilities.length === 2) return probabilities[1] >= threshold ? 1 : 0;
  let best = 0;
  for (let k = 1; k < probabilities.length; k++) if (probabilities[k] > probabilities[best]) best = k;
  return best;
}

export class ThresholdError extends Error {}

export function checkThreshold(t: number): number {
  if (!(t > 0 && t < 1)) throw new ThresholdError(`threshold must be a number strictly between 0 and 1, got ${t}`);
  return t;
}
