/**
 * The stock movement forms check as typed with the contract's own schemas: what each form would send,
 * and each problem put by the form's field in the form's words (quantities, choices) or the plain ones.
 */
import { describe, expect, it } from 'vitest'
import {
  type MovementFields,
  movementBody,
  movementSchemaProblems,
  typedNumber,
} from '../../../web/src/stock/movement-checks.js'

const place = '01900000-0000-7000-8000-000000000001'
const item = '01900000-0000-7000-8000-000000000002'
const owner = '01900000-0000-7000-8000-000000000003'
const filled: MovementFields = {
  id: '01900000-0000-7000-8000-0000000000aa',
  place,
  to: '01900000-0000-7000-8000-000000000004',
  item,
  owner,
  quantity: '120',
  counted: '0',
  lot: undefined,
  expiresOn: '',
  source: 'Japanese Red Cross',
  document: '',
  ref: '',
  note: 'shelf count',
  reason: 'damaged',
}

describe('typedNumber', () => {
  it('gives a number for digits and the text for anything else, which the schema then refuses', () => {
    expect(typedNumber(' 42 ')).toBe(42)
    expect(typedNumber('1.5')).toBe(1.5)
    expect(typedNumber('ten')).toBe('ten')
    expect(typedNumber('  ')).toBeUndefined()
  })
})

describe('movementSchemaProblems', () => {
  it('finds nothing in a whole form of each kind', () => {
    for (const kind of ['receive', 'move', 'adjust', 'loss', 'issue'] as const)
      expect(movementSchemaProblems(kind, filled), kind).toEqual({})
  })

  it("says a quantity's problem in the form's words", () => {
    const quantity = (text: string) =>
      movementSchemaProblems('issue', { ...filled, quantity: text })
    expect(quantity('')).toEqual({ quantity: 'validation.required' })
    expect(quantity('1.5')).toEqual({ quantity: 'movement.errors.wholeNumber' })
    expect(quantity('ten')).toEqual({ quantity: 'movement.errors.wholeNumber' })
    expect(quantity('0')).toEqual({ quantity: 'movement.errors.positive' })
    expect(quantity('-3')).toEqual({ quantity: 'movement.errors.positive' })
    expect(quantity('1000000001')).toEqual({ quantity: 'movement.errors.tooLarge' })
  })

  it('puts a count under the counted field, where 0 is allowed and -1 is not', () => {
    expect(movementSchemaProblems('adjust', { ...filled, counted: '0' })).toEqual({})
    expect(movementSchemaProblems('adjust', { ...filled, counted: '-1' })).toEqual({
      counted: ['validation.tooSmall', { minimum: 0 }],
    })
    expect(movementSchemaProblems('adjust', { ...filled, note: '  ' })).toEqual({
      note: 'validation.required',
    })
  })

  it('asks to choose a place or an item, and the donor of a receipt', () => {
    expect(
      movementSchemaProblems('move', {
        ...filled,
        place: undefined,
        to: undefined,
        item: undefined,
      }),
    ).toEqual({
      place: 'movement.errors.choosePlace',
      to: 'movement.errors.choosePlace',
      item: 'movement.errors.chooseItem',
    })
    expect(movementSchemaProblems('receive', { ...filled, source: '' })).toEqual({
      source: 'validation.required',
    })
    expect(movementSchemaProblems('receive', { ...filled, lot: 'L'.repeat(61) })).toEqual({
      lot: ['validation.tooLong', { maximum: 60 }],
    })
  })

  it('sends what it checked: numbers for quantities, nulls for empty optional texts', () => {
    expect(movementBody('receive', { ...filled, lot: 'W2031', document: ' DN-1 ' })).toEqual({
      id: filled.id,
      place,
      item,
      owner,
      quantity: 120,
      lot: 'W2031',
      expiresOn: null,
      source: 'Japanese Red Cross',
      document: 'DN-1',
    })
    expect(movementBody('adjust', { ...filled, counted: '7', lot: 'A' })).toMatchObject({
      lot: 'A',
      countedQuantity: 7,
      note: 'shelf count',
    })
  })
})
