/**
 * Appends `value` to the list of `key`, made on first use. In place, never copied: a spread per item
 * (`map.set(key, [...(map.get(key) ?? []), value])`) is quadratic in a list's length, and a monorepo's
 * lists are long (every workload running one image, every edge into a namespace's Service).
 */
export function appendTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}
