/**
 * Listeners for work that only makes things faster (a loader saving its code cache at a moment
 * the loaded module chooses): called in the order they were added, and an error in one is
 * ignored — it never reaches the code that signalled the moment, nor stops the other listeners.
 */
export class SpeedHooks<T> {
  private readonly listeners: ((value: T) => void)[] = [];

  add(listener: (value: T) => void): void {
    this.listeners.push(listener);
  }

  /** Calls every listener with `value`; with `once`, the listeners are then forgotten. */
  run(value: T, once = false): void {
    for (const listener of once ? this.listeners.splice(0) : this.listeners) {
      try {
        listener(value);
      } catch {
        // speed only
      }
    }
  }
}
