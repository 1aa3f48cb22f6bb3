/**
 * The needs estimator and the request drafted from it check as typed with the contract's
 * needsEstimateBodySchema and requestCreateSchema: what each would send, and each problem in the form's
 * words (a draft's quantity named by its need).
 */
import { describe, expect, it } from 'vitest'
import {
  type DraftFields,
  draftBody,
  draftProblems,
  type EstimateFields,
  estimateBody,
  estimateProblems,
} from '../../../web/src/needs/needs-checks.js'

const uuid = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`
const estimate: EstimateFields = { place: undefined, population: '1,200', days: '3', operation: '' }

describe('estimateProblems', () => {
  it('finds nothing in a whole estimate, and sends numbers', () => {
    expect(estimateProblems(estimate)).toEqual({})
    expect(estimateBody(estimate)).toEqual({ population: 1200, days: 3 })
  })

  it('asks for people or a place, and takes a place alone', () => {
    expect(estimateProblems({ ...estimate, population: '' })).toEqual({
      population: 'needs.errors.populationOrPlace',
    })
    expect(estimateProblems({ ...estimate, population: '', place: uuid(1) })).toEqual({})
  })

  it("says a number's problem in the form's words, with its range", () => {
    expect(estimateProblems({ ...estimate, population: '2.5', days: '' })).toEqual({
      population: 'needs.errors.whole',
      days: 'needs.errors.daysRequired',
    })
    expect(estimateProblems({ ...estimate, population: '0', days: '366' })).toEqual({
      population: ['needs.errors.populationRange', { min: 1, max: 50_000_000 }],
      days: ['needs.errors.daysRange', { min: 1, max: 365 }],
    })
  })
})

const now = Date.parse('2026-11-27T00:00:00Z')
const draft: DraftFields = {
  id: uuid(99),
  operation: '',
  destination: uuid(1),
  neededBy: '2026-11-28T00:00:00.000Z',
  neededByTyped: '2026-11-28T09:00',
  justification: '1,200 people for 3 days',
  lines: [
    { need: 'water', item: uuid(2), quantity: '10800', priority: 'life-saving' },
    { need: 'blankets', item: uuid(3), quantity: '1200', priority: 'life-sustaining' },
  ],
}

describe('draftProblems', () => {
  it('finds nothing in a whole draft, and sends item lines', () => {
    expect(draftProblems(draft, now)).toEqual({})
    expect(draftBody(draft)).toMatchObject({
      operation: null,
      lines: [{ kind: 'item', quantity: 10800 }, { quantity: 1200 }],
    })
  })

  it("names a quantity's problem by its need", () => {
    const lines = [
      { ...draft.lines[0]!, quantity: '' },
      { ...draft.lines[1]!, quantity: '1.5' },
    ]
    expect(draftProblems({ ...draft, lines }, now)).toEqual({
      'quantity.water': 'needs.draft.errors.quantityRequired',
      'quantity.blankets': 'needs.errors.whole',
    })
    expect(
      draftProblems({ ...draft, lines: [{ ...draft.lines[0]!, quantity: '0' }] }, now),
    ).toEqual({
      'quantity.water': ['needs.draft.errors.quantityRange', { min: 1, max: 1_000_000_000 }],
    })
  })

  it('asks for a need ticked and a needed-by in the future', () => {
    expect(draftProblems({ ...draft, lines: [] }, now)).toEqual({
      lines: 'needs.draft.errors.noLines',
    })
    expect(draftProblems({ ...draft, neededBy: null, neededByTyped: '' }, now)).toEqual({
      neededBy: 'needs.draft.errors.neededByRequired',
    })
    expect(draftProblems({ ...draft, neededBy: '2026-11-26T00:00:00.000Z' }, now)).toEqual({
      neededBy: 'needs.draft.errors.neededByPast',
    })
  })
})
