/**
 * @module interop/hxl/tagspec
 * HXL 1.1 hashtag specs: `#tag` followed by `+attribute`s, e.g. `#affected+f+children`. Tags and
 * attributes are tokens (an ASCII letter, then letters, digits or `_`), compared case-insensitively,
 * so they are kept in lower case; repeated attributes count once.
 */

export interface Tagspec {
  /** Lower case with the hash: `#item`. */
  readonly tag: string
  /** Lower case, without `+`, in the order written, each once: `['name', 'i_ja']`. */
  readonly attributes: readonly string[]
}

/** One HXL token: what may follow `#` or `+`. libhxl uses the same expression. */
export const TOKEN = '[A-Za-z][A-Za-z0-9_]*'

// Whitespace may surround the spec and come before a `+` (libhxl accepts `#adm1 +name`).
const TAGSPEC = new RegExp(`^#(${TOKEN})((?:\\s*\\+${TOKEN})*)$`)

/** Parses a hashtag spec such as ` #Item +Name+i_JA `, or returns null when the text is not one. */
export function parseTagspec(text: string): Tagspec | null {
  const match = TAGSPEC.exec(text.trim())
  if (!match?.[1]) return null
  const attributes = (match[2] ?? '')
    .split('+')
    .slice(1)
    .map((attribute) => attribute.trim().toLowerCase())
  return { tag: `#${match[1].toLowerCase()}`, attributes: [...new Set(attributes)] }
}

/** `#item+name+i_ja`: the normalised text of a spec, as a hashtag row holds it. */
export function formatTagspec(spec: Tagspec): string {
  return spec.tag + spec.attributes.map((attribute) => `+${attribute}`).join('')
}
