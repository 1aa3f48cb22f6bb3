/**
 * The waybill through the API: HTML and PDF in English and Japanese, the QR code pointing at the host
 * the request came to, the font the page needs served open with long cache headers, and the refusals:
 * a bad format or language (400 naming what is accepted), a consignment unknown or not shared with the
 * caller (404), no credentials (401).
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrganisation } from '../../src/app/organisations.js'
import { receiveUrl } from '../../src/app/waybill.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'
import {
  decodeQrSvg,
  embeddedTrueTypeFonts,
  makeWaybillFixture,
  readPdf,
  type WaybillFixture,
} from '../support/waybill.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`waybill API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let headers: { authorization: string; host: string }
    let fixture: WaybillFixture

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      const viewer = await tokenHeaders(node.ctx, ['viewer'])
      headers = { authorization: viewer.authorization, host: 'hub.example.org:8443' }
      fixture = await makeWaybillFixture(node)
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const get = (url: string, extra: Record<string, string> = headers) =>
      app.inject({ method: 'GET', url, headers: extra })
    const waybill = (query = '', id = fixture.consignment) =>
      get(`/api/consignments/${id}/waybill${query}`)

    it('answers an English HTML page by default, its QR code the receipt URL at the host asked', async () => {
      const page = await waybill()
      expect(page.statusCode).toBe(200)
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(page.body).toContain('<html lang="en">')
      expect(page.body).toContain('<h1>Waybill</h1>')
      const url = receiveUrl('http://hub.example.org:8443', fixture.consignment)
      expect(decodeQrSvg(page.body)).toBe(url)
      // The font comes from this node, by a path that works whatever name it is reached by.
      expect(page.body).toMatch(/url\('\/api\/fonts\/noto-sans-jp-400\.ttf\?v=[\d.]+'\)/)
      expect(page.headers['content-security-policy']).toContain("font-src 'self'")
    })

    it('answers a Japanese PDF inline with its file name', async () => {
      const pdf = await waybill('?format=pdf&lang=ja')
      expect(pdf.statusCode).toBe(200)
      expect(pdf.headers['content-type']).toBe('application/pdf')
      expect(pdf.headers['content-disposition']).toBe(
        `inline; filename="waybill-${fixture.consignment}-ja.pdf"`,
      )
      const bytes = pdf.rawPayload
      expect(embeddedTrueTypeFonts(bytes).length).toBeGreaterThan(0)
      const { text } = await readPdf(bytes)
      expect(text).toContain('輸送状')
      expect(text).toContain(fixture.consignment)
      // The URL printed under the QR code wraps over two lines.
      expect(text.replace(/\n/g, '')).toContain(
        receiveUrl('http://hub.example.org:8443', fixture.consignment),
      )
    })

    it('serves the font open, cached for a year, and 404 for a font it does not have', async () => {
      const font = await get('/api/fonts/noto-sans-jp-400.ttf?v=1', {})
      expect(font.statusCode).toBe(200)
      expect(font.headers['content-type']).toBe('font/ttf')
      expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(font.rawPayload.length).toBeGreaterThan(1_000_000)
      // A TrueType file starts with version 1.0.
      expect([...font.rawPayload.subarray(0, 4)]).toEqual([0, 1, 0, 0])
      const missing = await get('/api/fonts/..%2Fpackage.json', {})
      expect(missing.statusCode).toBe(404)
      expect(missing.json().error.message).toContain('noto-sans-jp-400.ttf, noto-sans-jp-700.ttf')
    })

    it('refuses a bad format or language with 400 naming the accepted values', async () => {
      const lang = await waybill('?lang=fr')
      expect(lang.statusCode).toBe(400)
      expect(lang.json().error.code).toBe('invalid_request')
      expect(lang.json().error.message).toMatch(/^querystring\.lang: .*"en".*"ja"/)
      const format = await waybill('?format=docx&lang=ja')
      expect(format.statusCode).toBe(400)
      expect(format.json().error.message).toMatch(/^querystring\.format: .*"html".*"pdf"/)
      expect((await waybill('', 'not-an-id')).statusCode).toBe(400)
    })

    it('is 404 for an unknown consignment and for one not shared with the caller, 401 signed out', async () => {
      const unknown = await waybill('', uuidv7())
      expect(unknown.statusCode).toBe(404)
      expect(unknown.json().error.code).toBe('not_found')
      const other = await createOrganisation(
        node.ctx,
        { kind: 'user', id: 'setup', userId: 'setup', org: node.ctx.node.org, roles: ['admin'] },
        {
          code: 'OTHER-ORG',
          nameEn: 'Another organisation',
          nameJa: null,
          country: 'AU',
          kind: 'ngo',
        },
      )
      const partner = await tokenHeaders(node.ctx, ['logistician'], other.organisation.id)
      const asPartner = { authorization: partner.authorization }
      // The partner sees the consignment shared with all, and not the one kept to its organisation.
      expect(
        (await get(`/api/consignments/${fixture.consignment}/waybill`, asPartner)).statusCode,
      ).toBe(200)
      const unseen = await get(`/api/consignments/${fixture.ownOnly}/waybill?format=pdf`, asPartner)
      expect(unseen.statusCode).toBe(404)
      expect((await waybill('', fixture.ownOnly)).statusCode).toBe(200)
      const signedOut = await get(`/api/consignments/${fixture.consignment}/waybill`, {})
      expect(signedOut.statusCode).toBe(401)
      expect(signedOut.json().error.code).toBe('unauthenticated')
    })

    it('is in the OpenAPI document under transport', async () => {
      const doc = (await get('/api/openapi.json', {})).json()
      const operation = doc.paths['/api/consignments/{id}/waybill'].get
      expect(operation.tags).toEqual(['transport'])
      expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
        'format',
        'id',
        'lang',
      ])
    })
  })
}
