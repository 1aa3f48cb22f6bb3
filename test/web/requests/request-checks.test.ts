/**
 * The new-request form checks as typed with the contract's requestCreateSchema: what it would send, and
 * each problem under the input's name (lines.0.quantity, contact.name) in the form's words.
 */
import { describe, expect, it } from 'vitest'
import {
  type RequestFields,
  requestBody,
  requestProblems,
  typedQuantity,
} from '../../../web/src/requests/request-checks.js'

const now = Date.parse('2026-11-27T00:00:00Z')
const filled: RequestFields = {
  id: '01900000-0000-7000-8000-0000000000aa',
  destination: '01900000-0000-7000-8000-000000000001',
  neededBy: '2026-11-28T09:00:00.000Z',
  neededByTyped: '2026-11-28T18:00',
  justification: '',
  contactName: '',
  contactPhone: '',
  lines: [
    {
      kind: 'item',
      item: '01900000-0000-7000-8000-000000000002',
      quantity: '500',
      priority: 'life-saving',
    },
    {
      kind: 'capability',
      capability: 'airlift',
      description: 'Lift to the island',
      quantity: '',
      unit: '',
      priority: 'other',
    },
  ],
}
const withLine = (index: number, patch: Record<string, unknown>): RequestFields => ({
  ...filled,
  lines: filled.lines.map((line, at) => (at === index ? { ...line, ...patch } : line)) as never,
})

describe('typedQuantity', () => {
  it('reads full-width digits and separators, and leaves anything else as typed', () => {
    expect(typedQuantity('１，２００')).toBe(1200)
    expect(typedQuantity('2.5')).toBe(2.5)
    expect(typedQuantity('lots')).toBe('lots')
    expect(typedQuantity(' ')).toBeUndefined()
  })
})

describe('requestProblems', () => {
  it('finds nothing in a whole request, and sends what the server takes', () => {
    expect(requestProblems(filled, now)).toEqual({})
    expect(requestBody(filled)).toMatchObject({
      contact: null,
      justification: null,
      lines: [{ quantity: 500 }, { quantity: null, unit: null }],
    })
  })

  it("says an item quantity's problem in the form's words", () => {
    const quantity = (text: string) => requestProblems(withLine(0, { quantity: text }), now)
    expect(quantity('')).toEqual({ 'lines.0.quantity': 'requests.form.errors.quantityRequired' })
    expect(quantity('1.5')).toEqual({ 'lines.0.quantity': 'requests.form.errors.quantityWhole' })
    expect(quantity('ten')).toEqual({ 'lines.0.quantity': 'requests.form.errors.quantityWhole' })
    expect(quantity('0')).toEqual({ 'lines.0.quantity': 'requests.form.errors.quantityPositive' })
    expect(quantity('1000000001')).toEqual({
      'lines.0.quantity': ['requests.form.errors.quantityMax', { max: 1_000_000_000 }],
    })
  })

  it('lets a capability be 2.5 of something, up to a million', () => {
    const quantity = (text: string) => requestProblems(withLine(1, { quantity: text }), now)
    expect(quantity('2.5')).toEqual({})
    expect(quantity('a lot')).toEqual({
      'lines.1.quantity': 'requests.form.errors.quantityNumber',
    })
    expect(quantity('1000001')).toEqual({
      'lines.1.quantity': ['requests.form.errors.quantityMax', { max: 1_000_000 }],
    })
  })

  it('asks for the choices and the description by line', () => {
    expect(
      requestProblems(
        {
          ...withLine(0, { item: undefined }),
          lines: [
            { ...filled.lines[0], item: undefined } as never,
            { ...filled.lines[1], capability: '', description: ' ' } as never,
          ],
        },
        now,
      ),
    ).toEqual({
      'lines.0.item': 'requests.form.errors.itemRequired',
      'lines.1.capability': 'requests.form.errors.capabilityRequired',
      'lines.1.description': 'requests.form.errors.descriptionRequired',
    })
    expect(requestProblems({ ...filled, lines: [] }, now)).toEqual({
      lines: 'requests.form.errors.noLines',
    })
  })

  it('asks for the destination, a needed-by in the future, and a name with a phone', () => {
    expect(
      requestProblems(
        { ...filled, destination: undefined, neededBy: null, neededByTyped: '' },
        now,
      ),
    ).toEqual({
      destination: 'requests.form.errors.destinationRequired',
      neededBy: 'requests.form.errors.neededByRequired',
    })
    expect(requestProblems({ ...filled, neededBy: '2026-11-26T09:00:00.000Z' }, now)).toEqual({
      neededBy: 'requests.form.errors.neededByPast',
    })
    expect(requestProblems({ ...filled, neededBy: null, neededByTyped: 'soon' }, now)).toEqual({
      neededBy: 'form.invalidDateTime',
    })
    expect(requestProblems({ ...filled, contactPhone: '090-1234-5678' }, now)).toEqual({
      'contact.name': 'requests.form.errors.contactNameRequired',
    })
    expect(requestProblems({ ...filled, contactName: 'x'.repeat(201) }, now)['contact.name']).toBe(
      'requests.form.errors.contactNameRequired',
    )
  })
})
