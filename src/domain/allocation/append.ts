/**
 * @module domain/allocation/append
 * Lists under keys, built one value at a time without copying the list each time.
 */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
