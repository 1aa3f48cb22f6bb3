/**
 * The operation form checks as typed with the contract's operationUpdateSchema: a figure's problem
 * beside its standard, the name and start in the form's words; an end before the start by hand.
 */
import { describe, expect, it } from 'vitest'
import {
  figureField,
  type OperationDraft,
  operationProblems,
} from '../../../web/src/operations/operation-checks.js'

const draft: OperationDraft = {
  name: 'Noto earthquake 2024',
  startedOn: '2024-01-01',
  endedOn: '',
  figures: { water_use_per_person_per_day: '15', blankets_per_person: '' },
}
const figure = ['operations.errors.figure', { max: 1_000_000_000 }]

describe('operationProblems', () => {
  it('finds nothing in a whole form; a blank figure means the bundled one', () => {
    expect(operationProblems(draft)).toEqual({})
    expect(
      operationProblems({ ...draft, figures: { water_use_per_person_per_day: '２．５' } }),
    ).toEqual({})
  })

  it("puts a figure's problem beside its standard", () => {
    for (const text of ['0', '-3', 'lots', '1000000001'])
      expect(
        operationProblems({ ...draft, figures: { water_use_per_person_per_day: text } }),
        text,
      ).toEqual({ [figureField('water_use_per_person_per_day')]: figure })
  })

  it('asks for a name and a start, and an end not before the start', () => {
    expect(operationProblems({ ...draft, name: '  ', startedOn: '' })).toEqual({
      name: 'operations.errors.nameRequired',
      startedOn: 'operations.errors.startedOnRequired',
    })
    expect(operationProblems({ ...draft, endedOn: '2023-12-31' })).toEqual({
      endedOn: 'operations.errors.endedBeforeStarted',
    })
    expect(operationProblems({ ...draft, name: 'x'.repeat(201) })).toEqual({
      name: 'operations.errors.nameRequired',
    })
  })
})
