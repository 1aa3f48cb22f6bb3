/**
 * The pledge, donation and receive-pledge forms check as typed with the contract's pledgeCreateSchema,
 * donationSchema and pledgeActionBodySchema: what each would send, and each problem in the form's words.
 */
import { describe, expect, it } from 'vitest'
import {
  type DonationFields,
  donationBody,
  donationProblems,
  type PledgeFields,
  pledgeBody,
  pledgeProblems,
  receivePledgeBody,
  receivePledgeProblems,
} from '../../../web/src/pledges/pledge-checks.js'

const uuid = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`
const pledge: PledgeFields = {
  id: uuid(99),
  org: uuid(1),
  operation: '',
  kind: 'item',
  item: uuid(2),
  capability: '',
  description: '',
  quantity: '１，０００',
  unit: '',
  place: undefined,
  availableFrom: null,
  availableUntil: null,
  conditions: '',
}
const donation: DonationFields = {
  id: uuid(98),
  place: uuid(3),
  item: uuid(2),
  org: uuid(1),
  quantity: '40',
  triage: 'urgent',
  lot: '',
  expiresOn: '',
  description: '',
}

describe('pledgeProblems', () => {
  it('finds nothing in a whole pledge, and sends the quantity as a number', () => {
    expect(pledgeProblems(pledge)).toEqual({})
    expect(pledgeBody(pledge)).toMatchObject({ quantity: 1000, item: uuid(2), place: null })
  })

  it("says a quantity's problem in the form's words", () => {
    const quantity = (text: string) => pledgeProblems({ ...pledge, quantity: text }).quantity
    expect(quantity('')).toBe('pledges.errors.quantityRequired')
    expect(quantity('2.5')).toBe('pledges.errors.quantityWhole')
    expect(quantity('many')).toBe('pledges.errors.quantityWhole')
    expect(quantity('0')).toBe('pledges.errors.quantityPositive')
    expect(quantity('1000000001')).toEqual(['pledges.errors.quantityMax', { max: 1_000_000_000 }])
  })

  it('asks for the item or the capability by kind, and an end after the start', () => {
    expect(pledgeProblems({ ...pledge, item: undefined })).toEqual({
      item: 'pledges.errors.itemRequired',
    })
    expect(pledgeProblems({ ...pledge, kind: 'capability' })).toEqual({
      capability: 'pledges.errors.capabilityRequired',
    })
    expect(
      pledgeProblems({
        ...pledge,
        availableFrom: '2026-12-02T00:00:00.000Z',
        availableUntil: '2026-12-01T00:00:00.000Z',
      }),
    ).toEqual({ availableUntil: 'pledges.errors.untilBeforeFrom' })
    expect(pledgeProblems({ ...pledge, availableFrom: 'soon' })).toEqual({
      availableFrom: 'form.invalidDateTime',
    })
  })

  it('says the plain words where the form has none (a unit over 30 characters)', () => {
    expect(
      pledgeProblems({
        ...pledge,
        kind: 'capability',
        capability: 'airlift',
        unit: 'x'.repeat(31),
      }),
    ).toEqual({ unit: ['validation.tooLong', { maximum: 30 }] })
  })
})

describe('donationProblems', () => {
  it('finds nothing in a whole donation and leaves out an empty lot', () => {
    expect(donationProblems(donation)).toEqual({})
    expect(donationBody(donation)).not.toHaveProperty('lot')
  })

  it('asks for each choice in the form’s words, and a lot of at most 60', () => {
    expect(
      donationProblems({
        ...donation,
        place: undefined,
        item: undefined,
        org: '',
        triage: '',
        lot: 'L'.repeat(61),
      }),
    ).toEqual({
      place: 'pledges.errors.placeRequired',
      item: 'pledges.errors.itemRequired',
      org: 'pledges.errors.donorRequired',
      triage: 'pledges.errors.triageRequired',
      lot: ['validation.tooLong', { maximum: 60 }],
    })
  })
})

describe('receivePledgeProblems', () => {
  const arrived = { place: uuid(3), quantity: '500', lot: '', expiresOn: '' }
  it('finds nothing when a place and a quantity are given', () => {
    expect(receivePledgeProblems(arrived)).toEqual({})
    expect(receivePledgeBody(arrived)).toEqual({ place: uuid(3), quantity: 500, expiresOn: null })
  })

  it('asks for the place and a whole quantity the form always names', () => {
    expect(receivePledgeProblems({ ...arrived, place: undefined, quantity: '' })).toEqual({
      place: 'pledges.errors.placeRequired',
      quantity: 'pledges.errors.quantityRequired',
    })
    expect(receivePledgeProblems({ ...arrived, quantity: '4.5' })).toEqual({
      quantity: 'pledges.errors.quantityWhole',
    })
  })
})
