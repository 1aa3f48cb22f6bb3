/**
 * The waybill of a consignment made in the test, on both databases: one row per lot sent with exact
 * weights and volumes, totals that leave out what the catalog cannot weigh (and say so), names and
 * labels in English and Japanese, a QR code that decodes to the receipt screen's URL, and a PDF whose
 * text holds the Japanese labels and the consignment id, set in an embedded Noto Sans JP subset.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { gatherWaybill, printWaybill, receiveUrl } from '../../src/app/waybill.js'
import { QR_QUIET_MODULES, qrMatrix } from '../../src/interop/waybill/qr.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'
import {
  decodePdfQr,
  decodeQrSvg,
  embeddedTrueTypeFonts,
  makeWaybillFixture,
  readPdf,
  type WaybillFixture,
} from '../support/waybill.js'

const BASE = 'https://hub.example.org'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`waybill on ${dialect.name}`, () => {
    let node: TestNode
    let fixture: WaybillFixture
    let orgName: { en: string; ja: string }

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      fixture = await makeWaybillFixture(node)
      const org = await node.store.getOrganisation(node.ctx.node.org)
      orgName = { en: org?.nameEn ?? '?', ja: org?.nameJa ?? org?.nameEn ?? '?' }
    })
    afterEach(async () => node.close())

    it('has a row per lot with exact weights and volumes, and totals that name what is unmeasured', async () => {
      const waybill = await gatherWaybill(node.ctx, fixture.consignment, null, {
        lang: 'en',
        baseUrl: `${BASE}/`,
      })
      const owner = orgName.en
      expect(waybill.rows).toEqual([
        {
          line: 1,
          itemCode: 'KZ-TEST-001',
          itemName: 'Drinking water, 2 L bottle',
          lot: 'L0',
          expiresOn: '2029-01-01',
          owner,
          quantity: 50,
          unit: 'bottle',
          weightKg: 105,
          volumeM3: 0.11,
        },
        {
          line: 1,
          itemCode: 'KZ-TEST-001',
          itemName: 'Drinking water, 2 L bottle',
          lot: 'L1',
          expiresOn: '2030-01-01',
          owner,
          quantity: 20,
          unit: 'bottle',
          weightKg: 42,
          volumeM3: 0.044,
        },
        {
          line: 2,
          itemCode: 'KZ-TEST-002',
          itemName: 'Blanket, fleece',
          lot: 'B1',
          expiresOn: null,
          owner,
          quantity: 30,
          unit: 'piece',
          weightKg: 45,
          volumeM3: 0.18,
        },
        {
          line: 3,
          itemCode: 'KZ-TEST-003',
          itemName: 'Tarpaulin, 4 x 6 m',
          lot: null,
          expiresOn: null,
          owner,
          quantity: 5,
          unit: 'sheet',
          weightKg: null,
          volumeM3: null,
        },
      ])
      expect(waybill.totals).toEqual({
        lines: 3,
        weightKg: 192,
        volumeM3: 0.334,
        unmeasured: ['KZ-TEST-003'],
      })
      expect(waybill.origin).toEqual({ code: 'HUB:A', name: 'Komatsu hub' })
      expect(waybill.destination).toEqual({ code: 'WH:B', name: 'Wajima warehouse' })
      expect(waybill.asset).toEqual({
        name: 'Truck 7',
        kind: 'truck',
        type: 'TRUCK-4T',
        payloadKg: 4000,
        volumeM3: 28,
      })
      // The second leg is stored shelter → depot and travelled depot → shelter.
      expect(waybill.route).toEqual([
        { mode: 'road', from: 'Komatsu hub', to: 'Anamizu depot', distanceKm: 112 },
        { mode: 'road', from: 'Anamizu depot', to: 'Wajima warehouse', distanceKm: 31 },
      ])
      expect(waybill.shipper).toBe(owner)
      expect(waybill.status).toBe('planned')
      expect(waybill.issuedAt).toBe('2026-01-02T03:04:05.000Z')
      expect(waybill.receiveUrl).toBe(`${BASE}/consignments/${fixture.consignment}/receive`)
    })

    it('names items, places and owners in Japanese and prints Japanese labels in the HTML page', async () => {
      const waybill = await gatherWaybill(node.ctx, fixture.consignment, null, {
        lang: 'ja',
        baseUrl: BASE,
      })
      expect(waybill.rows.map((r) => r.itemName)).toEqual([
        '保存水 2L',
        '保存水 2L',
        '毛布',
        'ブルーシート 4×6m',
      ])
      expect(waybill.rows[0]?.owner).toBe(orgName.ja)
      expect([waybill.origin.name, waybill.destination.name]).toEqual(['小松拠点', '輪島倉庫'])
      expect(waybill.route.map((leg) => `${leg.from}→${leg.to}`)).toEqual([
        '小松拠点→穴水集積所',
        '穴水集積所→輪島倉庫',
      ])

      const printed = await printWaybill(node.ctx, fixture.consignment, null, {
        format: 'html',
        lang: 'ja',
        baseUrl: BASE,
      })
      expect(printed.contentType).toBe('text/html; charset=utf-8')
      const html = String(printed.body)
      expect(html).toContain('<html lang="ja">')
      for (const label of [
        '輸送状',
        '品目',
        'ロット',
        '使用期限',
        '重量 (kg)',
        '容積 (m³)',
        '受領者（着地）',
      ])
        expect(html).toContain(`${label}</`)
      expect(html).toContain('合計: 3 行')
      expect(html).toContain('<td class="num">192</td><td class="num">0.334</td>')
      expect(html).toContain('KZ-TEST-003')
      // The note is escaped, not markup.
      expect(html).toContain('Keep dry &lt;fragile&gt;')
      expect(html).toMatch(
        /url\('https:\/\/hub\.example\.org\/api\/fonts\/noto-sans-jp-400\.ttf\?v=/,
      )
      expect(html).toContain('@page { size: A4;')
      const english = String(
        (
          await printWaybill(node.ctx, fixture.consignment, null, {
            format: 'html',
            lang: 'en',
            baseUrl: BASE,
          })
        ).body,
      )
      for (const label of ['Waybill', 'Item', 'Lot', 'Expiry', 'Weight (kg)', 'Volume (m³)'])
        expect(english).toContain(`${label}</`)
      expect(english).toContain('Totals: 3 lines')
      expect(english).not.toContain('輸送状')
    })

    it('puts a QR code of the receipt URL in the page, at least 35 mm wide', async () => {
      const printed = await printWaybill(node.ctx, fixture.consignment, null, {
        format: 'html',
        lang: 'en',
        baseUrl: BASE,
      })
      const html = String(printed.body)
      expect(decodeQrSvg(html)).toBe(receiveUrl(BASE, fixture.consignment))
      const matrix = qrMatrix(receiveUrl(BASE, fixture.consignment))
      const widthMm = Number(/<svg[^>]* width="([\d.]+)mm"/.exec(html)?.[1])
      const side = matrix.size + 2 * QR_QUIET_MODULES
      // The symbol alone, without its quiet zone.
      expect((widthMm * matrix.size) / side).toBeGreaterThanOrEqual(35)
    })

    it('prints a Japanese PDF with the labels, the id and an embedded Noto Sans JP subset', async () => {
      const printed = await printWaybill(node.ctx, fixture.consignment, null, {
        format: 'pdf',
        lang: 'ja',
        baseUrl: BASE,
      })
      expect(printed.contentType).toBe('application/pdf')
      expect(printed.fileName).toBe(`waybill-${fixture.consignment}-ja.pdf`)
      const bytes = printed.body as Buffer
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      // A subset: the whole font is over 5 MB.
      expect(bytes.length).toBeLessThan(200_000)
      const fonts = embeddedTrueTypeFonts(bytes)
      expect(fonts.length).toBeGreaterThan(0)
      for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+NotoSansJP-/)
      const { text, pages } = await readPdf(bytes)
      expect(pages).toBe(1)
      for (const label of [
        '輸送状',
        '品目',
        'ロット',
        '使用期限',
        '数量',
        '合計',
        '受領者（着地）',
      ])
        expect(text).toContain(label)
      expect(text).toContain(fixture.consignment)
      expect(text).toContain('保存水 2L')
      expect(text).toContain('小松拠点')
      expect(text).toContain('0.334')
      // The QR code is drawn in the PDF too, and scans from the page.
      expect(await decodePdfQr(bytes)).toBe(receiveUrl(BASE, fixture.consignment))
    })
  })
}
