import { describe, expect, it } from 'vitest'
import { checkItem, findKitCycle } from '../../../src/domain/catalog/item.js'
import { itemDraft } from '../../support/fixtures.js'

describe('catalog items', () => {
  it('accepts a plain item', () => {
    expect(checkItem(itemDraft())).toEqual([])
  })
  it('names each field that breaks a rule', () => {
    const problems = checkItem(
      itemDraft({
        code: 'bad code',
        unitWeightG: 1.5,
        components: [{ code: 'KZ-TEST-001', quantity: 0 }],
      }),
    )
    expect(problems.map((p) => p.field)).toEqual(['code', 'unitWeightG', 'components[0].quantity'])
  })
  it('refuses a kit that lists itself', () => {
    expect(
      checkItem(itemDraft({ components: [{ code: 'KZ-TEST-001', quantity: 1 }] })).map(
        (p) => p.message,
      ),
    ).toContain('a kit cannot contain itself')
  })
  it('finds a kit that contains itself through another kit', () => {
    expect(
      findKitCycle(
        new Map([
          ['A', ['B']],
          ['B', ['C']],
          ['C', ['A']],
        ]),
      ),
    ).toEqual(['A', 'B', 'C', 'A'])
    expect(
      findKitCycle(
        new Map([
          ['A', ['B', 'C']],
          ['B', ['C']],
          ['C', []],
        ]),
      ),
    ).toBeNull()
  })
})
