/**
 * Reading a waybill's code: the receipt address a waybill's QR code holds, a bare consignment id, and
 * everything else refused with what was read. The web app has no test project of its own; this module
 * is pure, so the unit project runs it in Node.
 */
import { describe, expect, it } from 'vitest'
import { excerptOf, readWaybillCode } from '../../../web/src/scan/waybill-code.js'

const id = '01970c4e-8a2b-7c3d-9e4f-5a6b7c8d9e0f'

describe('readWaybillCode', () => {
  it("reads the consignment id from a waybill's receipt address", () => {
    expect(readWaybillCode(`http://127.0.0.1:8099/consignments/${id}/receive`)).toEqual({
      outcome: 'consignment',
      id,
    })
    expect(readWaybillCode(`https://hub.example.org/consignments/${id}/receive`)).toEqual({
      outcome: 'consignment',
      id,
    })
  })

  it('reads an address with a path prefix, a trailing slash, a query or a fragment', () => {
    for (const text of [
      `https://hub.example.org/kizuna/consignments/${id}/receive`,
      `https://hub.example.org/consignments/${id}/receive/`,
      `https://hub.example.org/consignments/${id}/receive?from=waybill`,
      `https://hub.example.org/consignments/${id}/receive#lines`,
    ])
      expect(readWaybillCode(text), text).toEqual({ outcome: 'consignment', id })
  })

  it('reads a bare consignment id and a receipt path typed by hand, in lower case', () => {
    expect(readWaybillCode(id.toUpperCase())).toEqual({ outcome: 'consignment', id })
    expect(readWaybillCode(`/consignments/${id}/receive`)).toEqual({ outcome: 'consignment', id })
    expect(
      readWaybillCode(`HTTPS://HUB.EXAMPLE.ORG/consignments/${id.toUpperCase()}/receive`),
    ).toEqual({ outcome: 'consignment', id })
  })

  it('ignores the spaces, tab and line ending a keyboard-wedge scanner sends around the code', () => {
    expect(readWaybillCode(`  ${id}\r\n`)).toEqual({ outcome: 'consignment', id })
    expect(readWaybillCode(`\thttp://10.0.0.5/consignments/${id}/receive\r`)).toEqual({
      outcome: 'consignment',
      id,
    })
  })

  it('says when nothing was read', () => {
    expect(readWaybillCode('')).toEqual({ outcome: 'empty' })
    expect(readWaybillCode(' \r\n\t ')).toEqual({ outcome: 'empty' })
  })

  it('refuses another site, another screen or a malformed id, saying what was read', () => {
    for (const text of [
      'https://www.example.com/',
      `https://hub.example.org/consignments/${id}`,
      `https://hub.example.org/consignments/${id}/receive/extra`,
      `https://hub.example.org/requests/${id}/receive`,
      'https://hub.example.org/consignments/not-an-id/receive',
      `https://hub.example.org/consignments/${id.slice(0, -1)}/receive`,
      `ftp://hub.example.org/consignments/${id}/receive`,
      `hub.example.org/consignments/${id}/receive`,
      `${id}0`,
      `consignment ${id}`,
      'KZ-WASH-001',
    ])
      expect(readWaybillCode(text), text).toEqual({ outcome: 'not_a_waybill', text })
  })

  it('refuses an address whose id segment is badly percent-encoded', () => {
    expect(readWaybillCode('https://hub.example.org/consignments/%E0%A4%A/receive')).toEqual({
      outcome: 'not_a_waybill',
      text: 'https://hub.example.org/consignments/%E0%A4%A/receive',
    })
  })

  it('keeps the read text without the control characters around it', () => {
    expect(readWaybillCode(' https://www.example.com/\r\n')).toEqual({
      outcome: 'not_a_waybill',
      text: 'https://www.example.com/',
    })
  })
})

describe('excerptOf', () => {
  it('keeps a short text as it is, on one line', () => {
    expect(excerptOf('WIFI:S:hub;T:WPA;;')).toBe('WIFI:S:hub;T:WPA;;')
    expect(excerptOf('two\nlines  here')).toBe('two lines here')
  })

  it('cuts a long text to the given length with an ellipsis', () => {
    expect(excerptOf('a'.repeat(200))).toBe(`${'a'.repeat(119)}…`)
    expect(excerptOf('abcdefghij', 5)).toBe('abcd…')
    expect(excerptOf('abcde', 5)).toBe('abcde')
  })
})
