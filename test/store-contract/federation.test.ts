/**
 * The federation tables (migration 0009) through the Store port, on SQLite and PostgreSQL: peers with
 * their checkpoints, replica transactions that commit whole or not at all and never hold an event twice,
 * the owners of records whichever their table, and the chain head.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPlace } from '../../src/app/places.js'
import type { SyncCheckpoint } from '../../src/app/ports.js'
import type { Peer } from '../../src/domain/federation/peer.js'
import { chainOf } from '../domain/federation/fixtures.js'
import { fakeNode } from '../support/federation.js'
import { placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`federation store on ${dialect.name}`, () => {
    let node: TestNode
    let peer: Peer
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      const at = '2026-01-02T00:00:00.000Z'
      peer = {
        id: fakeNode().id,
        organisation: node.ctx.node.org,
        url: 'https://peer.example',
        publicKey: fakeNode().key.publicKeyPem,
        status: 'active',
        statusReason: null,
        previousKeys: [],
        addedAt: at,
        updatedAt: at,
        version: 1,
      }
      await node.store.transact((tx) => tx.savePeer(peer, null))
    })
    afterEach(async () => node.close())

    it('keeps a peer with a zero checkpoint, and replaces it only at its version', async () => {
      expect(await node.store.getPeer(peer.id)).toEqual(peer)
      expect(await node.store.getCheckpoint(peer.id)).toMatchObject({
        peer: peer.id,
        seq: 0,
        hash: '0'.repeat(64),
        headSeq: 0,
        failures: 0,
        lastError: null,
      })
      const retired = {
        ...peer,
        previousKeys: [{ publicKey: 'old', retiredAt: peer.addedAt, validToSeq: 9 }],
        version: 2,
      }
      expect(await node.store.transact((tx) => tx.savePeer(retired, 2))).toBe(false)
      expect(await node.store.transact((tx) => tx.savePeer(retired, 1))).toBe(true)
      expect(await node.store.listPeers()).toEqual([retired])
    })

    it('applies replica events and the checkpoint together, each event once', async () => {
      const events = chainOf(
        Array.from({ length: 5 }, () => ({ org: 'o', share: 'all', note: 'été "quoted"' })),
      )
      const apply = (from: number, to: number) =>
        node.store.syncTransact(peer.id, async (tx, checkpoint) => {
          const fresh = await tx.insertReplicaEvents(peer.id, events.slice(from, to), 'now')
          await tx.saveCheckpoint({
            ...checkpoint,
            seq: to,
            hash: events[to - 1]!.hash,
            headSeq: 5,
          })
          return fresh
        })
      expect(await apply(0, 3)).toBe(3)
      expect(await apply(1, 5)).toBe(2)
      expect(await node.store.readReplicaEvents(peer.id, 0, 100)).toEqual(events)
      expect(await node.store.readReplicaEvents(peer.id, 3, 1)).toEqual([events[3]])
      expect(await node.store.getCheckpoint(peer.id)).toMatchObject({ seq: 5, headSeq: 5 })
    })

    it('takes more events in one transaction than one statement carries, each once', async () => {
      // 7,000 rows of 11 columns pass PostgreSQL's 65,535 bound parameters: two statements.
      const events = chainOf(
        Array.from({ length: 7_000 }, (_, i) => ({ org: 'o', share: 'all', note: `"${i}" \\ é` })),
      )
      const insert = (from: number, to: number) =>
        node.store.syncTransact(peer.id, (tx) =>
          tx.insertReplicaEvents(peer.id, events.slice(from, to), 'now'),
        )
      expect(await insert(0, 6_500)).toBe(6_500)
      expect(await insert(6_000, 7_000)).toBe(500)
      expect(await node.store.readReplicaEvents(peer.id, 0, 10_000)).toEqual(events)
    })

    it('leaves no trace of a replica transaction that fails', async () => {
      const events = chainOf([{ org: 'o', share: 'all' }])
      const failing = node.store.syncTransact(peer.id, async (tx, checkpoint) => {
        await tx.insertReplicaEvents(peer.id, events, 'now')
        await tx.saveCheckpoint({ ...checkpoint, seq: 1, lastError: 'should vanish' })
        throw new Error('refused halfway')
      })
      await expect(failing).rejects.toThrow('refused halfway')
      expect(await node.store.readReplicaEvents(peer.id, 0, 100)).toEqual([])
      expect((await node.store.getCheckpoint(peer.id)) as SyncCheckpoint).toMatchObject({
        seq: 0,
        lastError: null,
      })
      await expect(node.store.syncTransact(fakeNode().id, async () => 1)).rejects.toThrow(
        /not registered/,
      )
    })

    it('applies two concurrent transactions of one peer one after the other', async () => {
      const events = chainOf(Array.from({ length: 4 }, () => ({ org: 'o', share: 'all' })))
      const apply = () =>
        node.store.syncTransact(peer.id, async (tx, checkpoint) => {
          const fresh = await tx.insertReplicaEvents(
            peer.id,
            events.filter((e) => e.seq > checkpoint.seq),
            'now',
          )
          await tx.saveCheckpoint({ ...checkpoint, seq: 4, hash: events[3]!.hash })
          return fresh
        })
      expect((await Promise.all([apply(), apply()])).sort()).toEqual([0, 4])
      expect(await node.store.readReplicaEvents(peer.id, 0, 100)).toHaveLength(4)
    })

    it('finds the organisation and home of records whichever their table, and the chain head', async () => {
      const actor = { kind: 'cli' as const, id: 't', org: node.ctx.node.org }
      const { place } = await createPlace(node.ctx, actor, placeDraft())
      const owners = await node.store.recordOwners([place.id, node.ctx.node.org, 'no-such-id'])
      expect(owners).toEqual(
        new Map([
          [place.id, { org: node.ctx.node.org, home: node.ctx.node.id }],
          [node.ctx.node.org, { org: node.ctx.node.org, home: node.ctx.node.id }],
        ]),
      )
      const log = await node.store.readEvents(0, 1000)
      expect(await node.store.readChainHead()).toEqual({
        seq: log.length,
        hash: log.at(-1)?.hash,
      })
    })
  })
}
