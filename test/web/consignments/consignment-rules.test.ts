/**
 * The consignment screens' pure rules: which steps a status offers (the domain's transitions, plus the
 * receipt screen), the short reference people read out, quantities as typed, and a refusal's messages
 * put by the field they name — from the schema ("body.lines.0.quantity") and from the use case
 * ("lines[0].quantity", as a list or as one object). The web app has no test project of its own; this
 * module is pure, so the unit project runs it in Node.
 */
import { describe, expect, it } from 'vitest'
import {
  allowedSteps,
  normaliseField,
  refusalFields,
  shortRef,
  wholeOf,
} from '../../../web/src/consignments/consignment-rules.js'

describe('allowedSteps', () => {
  it('offers what the server allows in each status, and the receipt once it has left', () => {
    expect(allowedSteps('planned')).toEqual(['load', 'dispatch', 'cancel'])
    expect(allowedSteps('loading')).toEqual(['dispatch', 'cancel'])
    expect(allowedSteps('dispatched')).toEqual(['arrive', 'receive'])
    expect(allowedSteps('arrived')).toEqual(['receive'])
    expect(allowedSteps('received')).toEqual([])
    expect(allowedSteps('cancelled')).toEqual([])
  })
})

describe('shortRef', () => {
  it("reads the id's random tail, not its time-ordered head", () => {
    expect(shortRef('01970c4e-8a2b-7c3d-9e4f-5a6b7c8d9e0f')).toBe('7C8D9E0F')
    expect(shortRef('01970c4e-8a2b-7c3d-9e4f-000000000001')).toBe('00000001')
  })
})

describe('wholeOf', () => {
  it('reads whole quantities as people type them, and nothing else', () => {
    expect(wholeOf('1,200')).toBe(1200)
    expect(wholeOf('１２００')).toBe(1200)
    expect(wholeOf(' 0 ')).toBe(0)
    expect(wholeOf('12.5')).toBeNaN()
    expect(wholeOf('-3')).toBeNaN()
    expect(wholeOf('')).toBeNaN()
  })
})

describe('normaliseField', () => {
  it("names a line's field the same way whoever refused it", () => {
    expect(normaliseField('body.lines.0.quantity')).toBe('lines[0].quantity')
    expect(normaliseField('lines[12].requestLine')).toBe('lines[12].requestLine')
    expect(normaliseField('body.proof.receivedBy')).toBe('proof.receivedBy')
    expect(normaliseField('body.route.3')).toBe('route[3]')
    expect(normaliseField('asset')).toBe('asset')
  })
})

describe('refusalFields', () => {
  it("puts a shortage by the line's quantity in the server's words, without the field's name", () => {
    const error = {
      message:
        'lines[1].quantity: only 16800 available in unexpired lots at the origin; asked for 20000',
      details: { field: 'lines[1].quantity', result: 'exceeds_available', available: 16800 },
    }
    expect(refusalFields(error)).toEqual({
      'lines[1].quantity': 'only 16800 available in unexpired lots at the origin; asked for 20000',
    })
  })

  it("puts a load over the asset's payload by the asset", () => {
    const error = {
      message:
        'asset: the load is too much for the asset: 10500 kg is 500 kg over the payload of 10000 kg',
      details: { field: 'asset', ok: false, excessKg: 500 },
    }
    expect(refusalFields(error)).toEqual({
      asset: 'the load is too much for the asset: 10500 kg is 500 kg over the payload of 10000 kg',
    })
  })

  it("puts each of a schema's refusals by its field, the first named by the message", () => {
    const error = {
      message: 'body.lines.0.quantity: greater than 0',
      details: [
        { field: 'body.lines.0.quantity', message: 'greater than 0' },
        { field: 'body.proof.receivedBy', message: 'Too small: expected string' },
        { field: 'body.lines.0.quantity', message: 'a whole number' },
      ],
    }
    expect(refusalFields(error)).toEqual({
      'lines[0].quantity': 'greater than 0',
      'proof.receivedBy': 'Too small: expected string',
    })
  })

  it('has nothing to place for a refusal that names no field, or no refusal', () => {
    expect(refusalFields({ message: 'a received consignment…', details: undefined })).toEqual({})
    expect(refusalFields({ message: 'offline', details: { allowed: [] } })).toEqual({})
    expect(refusalFields(undefined)).toEqual({})
  })
})
