/**
 * The transport store contract on SQLite and PostgreSQL: assets released as shared, legs unique per
 * pair and mode, stale versions refused, and the network derived from the bundled places (measured).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { assetTypesFromFile, createAsset } from '../../src/app/assets.js'
import { importPlaces } from '../../src/app/import-reference.js'
import { createPlace } from '../../src/app/places.js'
import { deriveRouteNetwork, editLeg } from '../../src/app/route-network.js'
import type { Actor } from '../../src/domain/records/record.js'
import { readPlacesCsv } from '../../src/interop/places/read-places.js'
import { bundledAssetTypesPath } from '../../src/server/routes/transport.js'
import { repoRoot } from '../support/cli.js'
import { placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

const bundledPlaces = readdirSync(join(repoRoot, 'data/places'))
  .filter((name) => name.endsWith('.csv'))
  .flatMap((name) => readPlacesCsv(name, readFileSync(join(repoRoot, 'data/places', name))))

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`transport store on ${dialect.name}`, () => {
    let node: TestNode
    let actor: Actor
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      actor = { kind: 'user', id: 'u1', org: node.ctx.node.org }
    })
    afterEach(async () => node.close())

    it('keeps an asset shared with its own organisation from everyone else, and refuses a stale save', async () => {
      const hub = (await createPlace(node.ctx, actor, placeDraft())).place.id
      const types = await assetTypesFromFile(bundledAssetTypesPath)()
      const { asset } = await createAsset(
        node.ctx,
        actor,
        { type: 'UH-60M', name: 'Own only', base: hub, share: 'own' },
        types,
      )
      expect(await node.store.getAsset(asset.id, { org: 'someone-else' })).toBeNull()
      expect(
        (await node.store.listAssets({ limit: 10, offset: 0 }, { org: 'someone-else' })).total,
      ).toBe(0)
      expect(await node.store.getAsset(asset.id, { org: node.ctx.node.org })).toMatchObject({
        name: 'Own only',
        rangeKm: 590,
        volumeM3: 7,
      })
      const saved = await node.store.transact((tx) =>
        tx.saveAsset({ ...asset, name: 'Late', version: 2 }, 7),
      )
      expect(saved).toBe(false)
    })

    it('holds one leg per pair and mode, and refuses a stale leg edit', async () => {
      await createPlace(node.ctx, actor, placeDraft())
      await createPlace(node.ctx, actor, placeDraft({ code: 'HUB:NEAR', lat: 36.55 }))
      const summary = await deriveRouteNetwork(node.ctx, actor)
      expect(summary).toMatchObject({ derived: 1, created: 1, byMode: { road: 1 } })
      const [leg] = await node.store.listAllLegs()
      if (!leg) throw new Error('no leg derived')
      await expect(node.store.transact((tx) => tx.insertLegs([{ ...leg }]))).rejects.toThrow()
      await editLeg(node.ctx, actor, leg.id, { version: 1, transitMinutes: 30 })
      await expect(
        editLeg(node.ctx, actor, leg.id, { version: 1, transitMinutes: 40 }),
      ).rejects.toMatchObject({ code: 'version_conflict' })
      expect((await node.store.getLeg(leg.id))?.transitMinutes).toBe(30)
    })

    it('derives the network of the bundled places once, and again without change', async () => {
      await importPlaces(node.ctx, actor, bundledPlaces)
      const first = await deriveRouteNetwork(node.ctx, actor)
      const events = (await node.store.readEvents(0, 1e6)).length
      const second = await deriveRouteNetwork(node.ctx, actor)
      console.log(
        `route network on ${dialect.name}: ${first.derived} legs from ${first.places} places (air ${first.byMode.air}, sea ${first.byMode.sea}, road ${first.byMode.road}) derived and written in ${first.milliseconds} ms; again (nothing new) in ${second.milliseconds} ms`,
      )
      expect(first.places).toBe(2746)
      expect(first.created).toBe(first.derived)
      expect(first.derived).toBeGreaterThan(15_000)
      expect(first.derived).toBeLessThan(25_000)
      expect(second).toMatchObject({ created: 0, updated: 0, unchanged: first.derived })
      // One event per new leg and one for the derivation; the second run adds only its own.
      expect((await node.store.readEvents(0, 1e6)).length).toBe(events + 1)
    })
  })
}
