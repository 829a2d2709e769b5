// Fault injection at the temporary name beside an output (engines/core/output.ts tempName): the name made known
// (its random part forced), so that a test can plant something there first.
import crypto from 'node:crypto';
import path from 'node:path';

/** tempName's name for `target` when its random part is `random` (4 hex) and its writer `pid`. */
export const tempAt = (target: string, random: string, pid = process.pid) => path.join(path.dirname(target), `.${path.basename(target)}.${(pid >>> 0).toString(16).padStart(8, '0')}${random}.tmp`);

/** Makes the next calls of crypto.randomBytes(2) (tempName's) give `planned`, in order; the real ones after. */
export function forceTempRandoms(planned: string[]): () => void {
  const module = crypto as unknown as { randomBytes: (size: number) => Buffer };
  const real = module.randomBytes;
  const queue = [...planned];
  module.randomBytes = (size: number) => (size === 2 && queue.length ? Buffer.from(queue.shift()!, 'hex') : real(size));
  return () => {
    module.randomBytes = real;
  };
}

