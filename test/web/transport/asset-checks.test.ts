/**
 * The new-asset form checks as typed with the contract's assetCreateSchema: numbers as typed, the
 * schema's bounds, and what a custom asset needs, in the form's words.
 */
import { describe, expect, it } from 'vitest'
import {
  type AssetFields,
  assetBody,
  assetProblems,
} from '../../../web/src/transport/asset-checks.js'

const filled: AssetFields = {
  id: '01900000-0000-7000-8000-0000000000aa',
  org: '01900000-0000-7000-8000-000000000003',
  type: null,
  kind: 'fixed-wing',
  name: 'JA-C130',
  payload: '19,000',
  volume: '120.5',
  speed: '640',
  range: '',
  base: '01900000-0000-7000-8000-000000000001',
  availableFrom: null,
  availableUntil: null,
}

describe('assetProblems', () => {
  it('finds nothing in a whole custom asset, and sends its numbers as numbers', () => {
    expect(assetProblems(filled)).toEqual({})
    expect(assetBody(filled)).toMatchObject({ payloadKg: 19000, volumeM3: 120.5, rangeKm: null })
  })

  it("says a number's problem in the form's words, and the schema's bounds", () => {
    expect(assetProblems({ ...filled, payload: '12.5' })).toEqual({
      payloadKg: 'transport.errors.whole',
    })
    expect(assetProblems({ ...filled, volume: '0' })).toEqual({
      volumeM3: 'transport.errors.positive',
    })
    expect(assetProblems({ ...filled, speed: 'fast' })).toEqual({
      speedKmh: 'transport.errors.positive',
    })
    // The server's ceiling, which the form never checked before.
    expect(assetProblems({ ...filled, speed: '9000' })).toEqual({
      speedKmh: ['validation.tooBig', { maximum: 3000 }],
    })
  })

  it('asks a custom asset for its kind and figures, and an end after the start', () => {
    expect(assetProblems({ ...filled, kind: '', payload: '', name: ' ', base: undefined })).toEqual(
      {
        kind: 'transport.errors.kindRequired',
        name: 'transport.errors.nameRequired',
        payloadKg: 'transport.errors.numberRequired',
        base: 'transport.errors.baseRequired',
      },
    )
    expect(
      assetProblems({
        ...filled,
        availableFrom: '2024-01-05T00:00:00.000Z',
        availableUntil: '2024-01-04T00:00:00.000Z',
      }),
    ).toEqual({ availableUntil: 'transport.errors.untilBeforeFrom' })
    expect(assetProblems({ ...filled, availableFrom: 'soon' })).toEqual({
      availableFrom: 'form.invalidDateTime',
    })
  })
})
