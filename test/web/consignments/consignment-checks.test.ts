/**
 * The consignment plan and the receipt check as typed with the contract's consignmentCreateSchema and
 * receiptSchema: what each would send, and each problem under the input's name in the form's words.
 */
import { describe, expect, it } from 'vitest'
import {
  type PlanFields,
  planBody,
  planProblems,
  type ReceiptFields,
  receiptBody,
  receiptProblems,
  typedWhole,
} from '../../../web/src/consignments/consignment-checks.js'

const uuid = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`
const plan: PlanFields = {
  id: uuid(99),
  origin: uuid(1),
  destination: uuid(2),
  asset: null,
  route: undefined,
  lines: [{ item: uuid(3), owner: uuid(4), quantity: '1,200', lot: '', serves: '' }],
  note: '',
}
const withLine = (patch: Partial<PlanFields['lines'][number]>): PlanFields => ({
  ...plan,
  lines: [{ ...plan.lines[0]!, ...patch }],
})

describe('typedWhole', () => {
  it('reads separators and full-width digits, and leaves words as typed', () => {
    expect(typedWhole('１，２００')).toBe(1200)
    expect(typedWhole('1.5')).toBe(1.5)
    expect(typedWhole('some')).toBe('some')
    expect(typedWhole('')).toBeUndefined()
  })
})

describe('planProblems', () => {
  it('finds nothing in a whole plan, and sends what the server takes', () => {
    expect(planProblems(plan)).toEqual({})
    expect(planBody({ ...plan, route: [uuid(7)] })).toMatchObject({
      route: [uuid(7)],
      lines: [{ quantity: 1200 }],
      note: null,
    })
  })

  it('names each missing choice by the input, in the form’s words', () => {
    expect(
      planProblems({
        ...withLine({ item: undefined, owner: '' }),
        origin: undefined,
        destination: undefined,
      }),
    ).toEqual({
      origin: 'consignments.errors.originRequired',
      destination: 'consignments.errors.destinationRequired',
      'lines[0].item': 'consignments.errors.itemRequired',
      'lines[0].owner': 'consignments.errors.ownerRequired',
    })
  })

  it('refuses a quantity that is not whole, not above 0, or over the ceiling', () => {
    for (const text of ['', '1.5', 'ten', '0', '-2', '1000000001'])
      expect(planProblems(withLine({ quantity: text })), text).toEqual({
        'lines[0].quantity': 'consignments.errors.quantityWhole',
      })
  })

  it('keeps by hand only that the destination is not the origin', () => {
    expect(planProblems({ ...plan, destination: uuid(1) })).toEqual({
      destination: 'consignments.errors.sameAsOrigin',
    })
  })
})

const receipt: ReceiptFields = {
  lines: [{ line: uuid(5), sent: 100, received: '100', reason: '', note: '' }],
  receivedBy: 'Sato Hanako',
  location: undefined,
  signature: null,
  photo: null,
}
const counted = (patch: Partial<ReceiptFields['lines'][number]>): ReceiptFields => ({
  ...receipt,
  lines: [{ ...receipt.lines[0]!, ...patch }],
})

describe('receiptProblems', () => {
  it('finds nothing in a whole receipt, and sends no reason when all arrived', () => {
    expect(receiptProblems(receipt)).toEqual({})
    expect(receiptBody(receipt)).toMatchObject({
      lines: [{ quantityReceived: 100, reason: null }],
      proof: { receivedBy: 'Sato Hanako', lat: null, lon: null },
    })
  })

  it('takes 0 received, and refuses what is not a whole number of at least 0', () => {
    expect(receiptProblems(counted({ received: '0', reason: 'lost' }))).toEqual({})
    for (const text of ['', '2.5', 'none', '-1'])
      expect(receiptProblems(counted({ received: text })), text).toEqual({
        'lines[0].quantityReceived': 'consignments.errors.receivedWhole',
      })
  })

  it('asks why when less arrived, and who received it', () => {
    expect(receiptProblems({ ...counted({ received: '90' }), receivedBy: '  ' })).toEqual({
      'lines[0].reason': 'consignments.errors.reasonRequired',
      'proof.receivedBy': 'consignments.errors.receivedByRequired',
    })
    expect(receiptBody(counted({ received: '90', reason: 'damaged' }))).toMatchObject({
      lines: [{ quantityReceived: 90, reason: 'damaged' }],
    })
  })

  it('says the plain words for a note over 500 characters', () => {
    expect(receiptProblems(counted({ note: 'x'.repeat(501) }))).toEqual({
      'lines[0].note': ['validation.tooLong', { maximum: 500 }],
    })
  })
})
