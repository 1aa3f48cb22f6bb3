/**
 * @module interop/hxl/json-offsets
 * Where things are in a JSON text, so that problems can name a line: where each element of the
 * top-level array starts, and where the first syntax error is (Node 20's JSON.parse often does not
 * say). Both scan iteratively, so deep nesting cannot overflow the stack.
 */

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r'
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/** Offset just after the string starting at `start` (a `"`), or -1 when it is malformed or unclosed. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]
    if (c === '"') return i + 1
    if (c === '\\') {
      if (text[i + 1] === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -1
        i += 5
      } else if ('"\\/bfnrt'.includes(text[i + 1] ?? 'x')) i++
      else return -1
    } else if ((c?.charCodeAt(0) ?? 0) < 0x20) return -1
  }
  return -1
}

/** Offset of the first syntax error in a JSON text, or -1 when there is none. */
export function jsonErrorOffset(text: string): number {
  const open: string[] = []
  let i = 0
  let state: 'value' | 'key' | 'after' = 'value'
  const skipSpace = () => {
    while (isSpace(text[i])) i++
  }
  for (;;) {
    skipSpace()
    const c = text[i]
    if (state === 'after') {
      const top = open[open.length - 1]
      if (top === undefined) return i === text.length ? -1 : i
      if (c === ',') {
        i++
        state = top === '{' ? 'key' : 'value'
      } else if ((top === '[' && c === ']') || (top === '{' && c === '}')) {
        open.pop()
        i++
      } else return i
    } else if (state === 'key') {
      if (c !== '"') return i
      const end = stringEnd(text, i)
      if (end < 0) return i
      i = end
      skipSpace()
      if (text[i] !== ':') return i
      i++
      state = 'value'
    } else if (c === '[' || c === '{') {
      open.push(c)
      i++
      skipSpace()
      if (text[i] === (c === '[' ? ']' : '}')) {
        open.pop()
        i++
        state = 'after'
      } else state = c === '[' ? 'value' : 'key'
    } else if (c === '"') {
      const end = stringEnd(text, i)
      if (end < 0) return i
      i = end
      state = 'after'
    } else {
      NUMBER.lastIndex = i
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i))
      if (literal) i += literal.length
      else if (NUMBER.test(text)) i = NUMBER.lastIndex
      else return i
      state = 'after'
    }
  }
}

/** Offsets where the elements of the top-level array start, in a text JSON.parse has accepted. */
export function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = []
  let depth = 0
  let expectElement = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (isSpace(c)) continue
    if (depth === 1 && expectElement && c !== ']') {
      offsets.push(i)
      expectElement = false
    }
    if (c === '"') {
      const end = stringEnd(text, i)
      if (end < 0) break
      i = end - 1
    } else if (c === '[' || c === '{') {
      depth++
      if (depth === 1) expectElement = true
    } else if (c === ']' || c === '}') depth--
    else if (c === ',' && depth === 1) expectElement = true
  }
  return offsets
}
