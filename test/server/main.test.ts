/**
 * The started server (server/main.ts): as it starts, it warms the planner on the node's open
 * requests, so that the planners' first plan finds the network's routes already found in the kept
 * worker (with nothing to plan there is nothing to warm: test/app/plans.test.ts).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { warmUpSnapshot } from '../../src/app/plan-warm-up.js'
import { startServer } from '../../src/server/main.js'
import {
  keptWorkerThread,
  lastWarmUp,
  planInWorker,
  plannerWarming,
} from '../../src/solver/run-in-worker.js'
import { planWorld } from '../support/plan-world.js'
import { openTestNode, type TestNode } from '../support/stores.js'

describe('a starting server', () => {
  let node: TestNode
  let close: () => Promise<void> = async () => {}
  afterEach(async () => {
    await close()
    await node.close()
  })

  const start = async () => {
    const app = await startServer({
      ctx: node.ctx,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      webRoot: mkdtempSync(join(tmpdir(), 'kizuna-web-')),
      version: 'test',
    })
    close = () => app.close()
  }

  it('warms the planner on the open requests: the first plan finds the routes found', async () => {
    node = await openTestNode('sqlite')
    const world = await planWorld(node)
    await world.request([{ item: world.items.water, quantity: 40 }])
    await world.receive(world.items.water, 100, 'W1', '2030-01-01')
    await start()
    await vi.waitFor(
      () => {
        expect(plannerWarming()).toBe(false)
        expect(lastWarmUp()).toEqual({ lines: 1 })
      },
      { timeout: 60_000, interval: 50 },
    )
    const kept = keptWorkerThread()
    expect(kept).toEqual(expect.any(Number))
    const snapshot = await warmUpSnapshot(node.ctx)
    const result = await planInWorker(snapshot!).result
    expect(result.routesKept).toBe(true)
    expect(keptWorkerThread()).toBe(kept)
  })
})
