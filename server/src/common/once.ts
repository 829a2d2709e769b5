/** `make`'s value, made on the first call and kept: what a descriptor hands a family that may never ask for it (another family's checks). */
export function once<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
