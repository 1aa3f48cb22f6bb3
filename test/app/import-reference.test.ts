/**
 * Importing reference data on both databases: the whole IFRC standard catalogue, idempotence, search,
 * and refusals that leave no trace.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importItems, importPlaces } from '../../src/app/import-reference.js'
import { createPlace } from '../../src/app/places.js'
import type { Actor } from '../../src/domain/records/record.js'
import {
  readIfrcFamilies,
  readIfrcItemsCsv,
  readItemsCsv,
} from '../../src/interop/catalog/read-items.js'
import { readPlacesCsv } from '../../src/interop/places/read-places.js'
import { placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

const catalogDir = resolve(import.meta.dirname, '../../../shared/data/catalog')
const haveShared = existsSync(resolve(catalogDir, 'ifrc_supply_item_ifrc_standard.csv'))
if (!haveShared) console.log('skipped: IFRC catalogue import tests (../shared/data not present)')

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`reference import on ${dialect.name}`, () => {
    let node: TestNode
    let actor: Actor
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      actor = { kind: 'cli', id: 'test', org: node.ctx.node.org }
    })
    afterEach(async () => node.close())

    it.skipIf(!haveShared)(
      'imports the whole IFRC standard catalogue, searchably, and a second import changes nothing',
      async () => {
        const families = readIfrcFamilies(
          'families.csv',
          readFileSync(resolve(catalogDir, 'ifrc_supply_item_category_ifrc_standard.csv')),
        )
        const rows = readIfrcItemsCsv(
          'ifrc.csv',
          readFileSync(resolve(catalogDir, 'ifrc_supply_item_ifrc_standard.csv')),
          families,
        )
        const progress: number[] = []
        const first = await importItems(node.ctx, actor, rows, (done) => progress.push(done))
        expect(first).toEqual({ created: 11_782, updated: 0, unchanged: 0 })
        expect(progress.at(-1)).toBe(11_782)
        const tents = await node.store.listItems(
          { q: 'tent', category: 'shelter', sort: 'code', limit: 5, offset: 0 },
          { org: node.ctx.node.org },
        )
        expect(tents.total).toBeGreaterThan(20)
        expect(tents.rows[0]?.group).toMatch(/^Housing \//)
        const before = (await node.store.readEvents(0, 100_000)).length
        const second = await importItems(node.ctx, actor, rows)
        expect(second).toEqual({ created: 0, updated: 0, unchanged: 11_782 })
        expect((await node.store.readEvents(0, 100_000)).length).toBe(before)
      },
      120_000,
    )

    it('updates a changed row with a new version and its event', async () => {
      const csv = (name: string) =>
        Buffer.from(`code,name_en,category,unit,unit_weight_g\nKZ-X,"${name}",nfi,each,1200\n`)
      await importItems(node.ctx, actor, readItemsCsv('a.csv', csv('Blanket')))
      const summary = await importItems(
        node.ctx,
        actor,
        readItemsCsv('a.csv', csv('Blanket, fleece')),
      )
      expect(summary).toEqual({ created: 0, updated: 1, unchanged: 0 })
      const [item] = await node.store.getItemsByCodes(['KZ-X'])
      expect(item).toMatchObject({ nameEn: 'Blanket, fleece', version: 2, home: 'public' })
      expect((await node.store.readEvents(0, 1000)).at(-1)).toMatchObject({
        kind: 'item.updated',
        subject: item?.id,
      })
    })

    it('refuses a kit naming an unknown item and writes none of the file', async () => {
      const csv = Buffer.from(
        'code,name_en,category,unit,kit\nKZ-SOAP,Soap,wash,each,\nKZ-KIT,Hygiene kit,wash,kit,KZ-SOAP*2;KZ-NOPE*1\n',
      )
      const before = (await node.store.readEvents(0, 1000)).length
      await expect(
        importItems(node.ctx, actor, readItemsCsv('kits.csv', csv)),
      ).rejects.toMatchObject({
        code: 'unknown_reference',
        message: expect.stringMatching(/line 3.*KZ-NOPE/),
      })
      expect(await node.store.getItemsByCodes(['KZ-SOAP'])).toEqual([])
      expect((await node.store.readEvents(0, 1000)).length).toBe(before)
    })

    it('refuses a file whose code belongs to a record of this node, and rolls back the rows before it', async () => {
      await createPlace(node.ctx, actor, placeDraft({ code: 'HUB:OURS' }))
      const csv = Buffer.from(
        'code,type,name_en,lat,lon,country\nICAO:RJNK,airport,Komatsu,36.39,136.41,JP\nHUB:OURS,shelter,Clash,36.5,136.6,JP\n',
      )
      await expect(
        importPlaces(node.ctx, actor, readPlacesCsv('p.csv', csv)),
      ).rejects.toMatchObject({ code: 'duplicate_code' })
      expect(await node.store.getPlacesByCodes(['ICAO:RJNK'])).toEqual([])
    })
  })
}
