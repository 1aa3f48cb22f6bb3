/**
 * Crash recovery: a real `kizuna serve` takes receipts from sixteen concurrent clients as fast as they can
 * send them and is killed with SIGKILL at a random moment, ten times, on SQLite and on PostgreSQL. After
 * each restart every acknowledged receipt (201 or 200) must still be there, a retry of it answers
 * 200 "exists", the stock equals the sum of what was received, and `kizuna verify` exits 0.
 */
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, describe, expect, it } from 'vitest'
import {
  balance,
  Client,
  cleanup,
  createPgDatabase,
  freshHub,
  log,
  loopback,
  nodeOrg,
  prepareNode,
  RICE,
  seededRandom,
  sleep,
  startServe,
  tempDir,
  verify,
} from './harness.js'

const KILLS = 10
const LOOPS = 16

interface Attempt {
  readonly id: string
  readonly quantity: number
  /** The server answered 201 or 200: the receipt is durable and must survive anything. */
  acked: boolean
  /** The request failed because the server was killed under it: it may or may not have committed. */
  cut: boolean
}

afterAll(cleanup)

const dialects = [
  { name: 'sqlite', open: async (dir: string) => join(dir, 'node.sqlite') },
  { name: 'postgres', open: async () => createPgDatabase() },
] as const

for (const dialect of dialects) {
  describe(`crash recovery on ${dialect.name}`, () => {
    it('keeps every acknowledged receipt and a sound ledger across ten SIGKILLs under load', async () => {
      const started = Date.now()
      const dir = tempDir()
      const db = await dialect.open(dir)
      const key = join(dir, 'node.key')
      const token = await prepareNode(db, key)
      const random = seededRandom(`crash/${dialect.name}`)
      const receipt = (a: Attempt) => ({
        id: a.id,
        place: hub,
        item: RICE,
        owner,
        quantity: a.quantity,
        source: 'Japanese Red Cross',
        document: `DN-${a.id.slice(-6)}`,
      })

      let owner = ''
      let hub = ''
      /** Sum of the quantities of every receipt ever attempted: all of them are committed after each check. */
      let expected = 0
      let attempts: Attempt[] = []
      let totals = { attempted: 0, acked: 0, cutCommitted: 0, cutLost: 0 }

      for (let cycle = 0; cycle <= KILLS; cycle++) {
        // Restart, and meanwhile verify what the kill left: the new server takes no writes until the
        // checks below, so `verify` sees the database exactly as the crash left it.
        const [server, left] = await Promise.all([
          startServe(db, key, `${dialect.name} start ${cycle + 1}`),
          verify(db, key),
        ])
        const clients = Array.from(
          { length: LOOPS },
          (_, i) => new Client(server.base, token, loopback(i)),
        )
        try {
          log(
            `${dialect.name} start ${cycle + 1}: verify exit ${left.code} in ${left.ms} ms: ${left.stdout.trim().replace(/\n/g, ' | ')}`,
          )
          expect(left.code, `verify: ${left.stdout}\n${left.stderr}`).toBe(0)
          owner ||= await nodeOrg(clients[0] as Client)
          hub ||= await freshHub(clients[0] as Client)

          // What the previous run left: every acknowledged receipt is there — the stock holds at least
          // their sum, and a retry of each answers 200 "exists" with the same quantity; a receipt cut off
          // by the kill is there or not, and its retry settles it either way.
          if (attempts.length > 0) {
            const sum = (list: Attempt[]) => list.reduce((total, a) => total + a.quantity, 0)
            const before = (await balance(clients[0] as Client, hub, owner)).posted
            const low = expected + sum(attempts.filter((a) => a.acked))
            const high = expected + sum(attempts)
            log(
              `${dialect.name} after kill ${cycle}: stock ${before}, between ${low} (all acknowledged) and ${high} (all sent)`,
            )
            expect(before, 'stock holds every acknowledged receipt').toBeGreaterThanOrEqual(low)
            expect(before, 'stock holds nothing that was not sent').toBeLessThanOrEqual(high)
            const checkStarted = Date.now()
            const wrong: string[] = []
            let cutCommitted = 0
            let cutLost = 0
            let next = 0
            await Promise.all(
              clients.map(async (client) => {
                while (next < attempts.length) {
                  const a = attempts[next++] as Attempt
                  const reply = await client.post('/api/stock/receive', receipt(a))
                  if (a.acked) {
                    if (
                      reply.status !== 200 ||
                      reply.body?.result !== 'exists' ||
                      reply.body.transfers?.[0]?.quantity !== a.quantity
                    )
                      wrong.push(
                        `acknowledged ${a.id} (${a.quantity}): retry answered ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
                      )
                  } else if (reply.status === 200 && reply.body?.result === 'exists') cutCommitted++
                  else if (reply.status === 201) cutLost++
                  else
                    wrong.push(
                      `unacknowledged ${a.id}: retry answered ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
                    )
                }
              }),
            )
            expected += sum(attempts)
            totals.cutCommitted += cutCommitted
            totals.cutLost += cutLost
            log(
              `${dialect.name} after kill ${cycle}: ${attempts.filter((a) => a.acked).length} acknowledged all answered 200 exists: ${wrong.length === 0}; ` +
                `${cutCommitted + cutLost} cut off by the kill: ${cutCommitted} had committed, ${cutLost} had not (retried now); ${Date.now() - checkStarted} ms`,
            )
            expect(wrong.length, wrong.slice(0, 3).join('\n')).toBe(0)
          }
          const stock = await balance(clients[0] as Client, hub, owner)
          log(
            `${dialect.name} start ${cycle + 1}: stock ${stock.posted} = expected ${expected}: ${stock.posted === expected}`,
          )
          expect(stock.posted, 'stock at the hub = the sum of every receipt').toBe(expected)

          if (cycle === KILLS) {
            // The last retries wrote too: verify once more, with the server idle.
            const checked = await verify(db, key)
            log(
              `${dialect.name} final: verify exit ${checked.code} in ${checked.ms} ms: ${checked.stdout.trim().replace(/\n/g, ' | ')}`,
            )
            expect(checked.code, `verify: ${checked.stdout}\n${checked.stderr}`).toBe(0)
            const how = await server.kill('SIGTERM')
            log(`${dialect.name}: stopped with SIGTERM (exit ${how})`)
            expect(how).toBe(0)
            break
          }

          // Load, then SIGKILL at a random moment.
          attempts = []
          const unexpected: string[] = []
          let killed = false
          const delay = random.int(200, 1500)
          const loadStarted = Date.now()
          // The kill's clock starts at the first acknowledgment, so every kill lands in steady load
          // (a fresh process answers its first requests slowly on a busy machine).
          let firstAck: () => void = () => {}
          const acknowledged = new Promise<void>((done) => {
            firstAck = done
          })
          const loops = clients.map(async (client) => {
            while (!killed) {
              const a: Attempt = {
                id: uuidv7(),
                quantity: random.int(1, 20),
                acked: false,
                cut: false,
              }
              attempts.push(a)
              try {
                const reply = await client.post('/api/stock/receive', receipt(a))
                if (reply.status === 201) {
                  a.acked = true
                  firstAck()
                } else
                  unexpected.push(
                    `${a.id}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
                  )
              } catch (error) {
                if (!killed) unexpected.push(`${a.id}: ${(error as Error).message}`)
                a.cut = true
                return
              }
            }
          })
          await Promise.race([acknowledged, sleep(10_000)])
          const warm = Date.now() - loadStarted
          await sleep(delay)
          killed = true
          const how = await server.kill('SIGKILL')
          await Promise.all(loops)
          const acked = attempts.filter((a) => a.acked).length
          const cut = attempts.filter((a) => a.cut).length
          totals = {
            ...totals,
            attempted: totals.attempted + attempts.length,
            acked: totals.acked + acked,
          }
          log(
            `${dialect.name} kill ${cycle + 1}: SIGKILL pid ${server.pid} ${delay} ms after the first acknowledgment (${warm} ms into the load; ${how}); ` +
              `${attempts.length} sent, ${acked} acknowledged (${Math.round((acked * 1000) / (Date.now() - loadStarted))}/s), ${cut} cut off in flight`,
          )
          expect(unexpected.length, unexpected.slice(0, 3).join('\n')).toBe(0)
          expect(how).toBe('SIGKILL')
        } catch (error) {
          log(`${dialect.name}: server output (tail):\n${server.output().slice(-3000)}`)
          await server.kill('SIGKILL')
          throw error
        } finally {
          for (const client of clients) client.close()
        }
      }
      log(
        `${dialect.name} crash test: ${KILLS} kills, ${totals.attempted} receipts sent, ${totals.acked} acknowledged, ` +
          `${totals.cutCommitted} cut off but committed, ${totals.cutLost} cut off and not committed; ${Math.round((Date.now() - started) / 1000)} s`,
      )
      expect(totals.acked).toBeGreaterThan(0)
    })
  })
}
