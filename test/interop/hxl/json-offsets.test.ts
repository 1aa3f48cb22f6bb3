import { fc, test as fcTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { arrayElementOffsets, jsonErrorOffset } from '../../../src/interop/hxl/json-offsets.js'

const parses = (text: string) => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

// Short texts over JSON's own characters, so that valid and invalid texts both come up often.
const jsonish = fc
  .array(
    fc.constantFrom(
      ...'[]{}",:-.0129eE+ \n\\ufalsetrn'.split(''),
      'true',
      'null',
      '"a"',
      '\\u00e9',
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''))

describe('jsonErrorOffset', () => {
  fcTest.prop([jsonish], { numRuns: 2000 })(
    'finds an error exactly when JSON.parse refuses',
    (text) => {
      const offset = jsonErrorOffset(text)
      expect(offset === -1).toBe(parses(text))
      if (offset >= 0) expect(offset).toBeLessThanOrEqual(text.length)
    },
  )

  fcTest.prop([fc.json()])('finds no error in what JSON.stringify writes', (text) => {
    expect(jsonErrorOffset(text)).toBe(-1)
  })

  it('points at the first character that cannot continue the text', () => {
    expect(jsonErrorOffset('[1,]')).toBe(3)
    expect(jsonErrorOffset('{"a" 1}')).toBe(5)
    expect(jsonErrorOffset('["abc')).toBe(1)
    expect(jsonErrorOffset('[1] x')).toBe(4)
    expect(jsonErrorOffset('')).toBe(0)
  })

  it('does not overflow the stack on deep nesting', () => {
    expect(jsonErrorOffset('['.repeat(200_000))).toBe(200_000)
  })
})

describe('arrayElementOffsets', () => {
  fcTest.prop([fc.array(fc.jsonValue(), { maxLength: 6 }), fc.constantFrom(0, 2, '\t')])(
    'finds where each element of the top-level array starts',
    (elements, indent) => {
      const text = JSON.stringify(elements, null, indent)
      const offsets = arrayElementOffsets(text)
      expect(offsets).toHaveLength(elements.length)
      elements.forEach((element, i) => {
        const firstLine = (JSON.stringify(element, null, indent) ?? 'null').split('\n')[0] ?? ''
        expect(text.startsWith(firstLine, offsets[i])).toBe(true)
      })
    },
  )
})
