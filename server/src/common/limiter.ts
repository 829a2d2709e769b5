/**
 * Runs at most `size` of the given tasks at once, the others in the order they were given. A
 * finishing task hands its slot straight to the next one waiting, so a task given meanwhile never
 * jumps the queue (nor takes a slot beyond `size`). `limiter(1)` runs tasks one after another.
 */
export function limiter(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
