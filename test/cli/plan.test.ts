/**
 * `kizuna plan` as a planner runs it, on a small SQLite world made through the use cases (the world of
 * test/support/plan-world.ts, with a key file so the CLI can open it): `--json` prints the plan with
 * exact quantities, the table shows each tier beside greedy with unmet quantities by reason, and
 * `list`, `show`, `approve`, `lp` and `discard` work on it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadNodeKey } from '../../src/sync/node-key.js'
import { type CliResult, runKizuna } from '../support/cli.js'
import { NOW, planWorld } from '../support/plan-world.js'
import { openTestNode } from '../support/stores.js'

let dir: string
let db: string
let keyFile: string
let truck: string
let line: string
const run = (...args: string[]) => runKizuna([...args, '--db', db, '--key', keyFile])
const expectOk = (result: CliResult) => expect(result.code, `stderr: ${result.stderr}`).toBe(0)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kizuna-plan-'))
  db = join(dir, 'node.sqlite')
  keyFile = join(dir, 'node.key')
  const node = await openTestNode('sqlite', { database: db, key: loadNodeKey(keyFile, true) })
  try {
    const world = await planWorld(node)
    await world.receive(world.items.water, 150, 'W1', '2030-01-01')
    // Blankets are not stocked at all: the line stays unmet for want of stock.
    const request = await world.request([
      { item: world.items.water, quantity: 120 },
      { item: world.items.blanket, quantity: 10, priority: 'other' },
    ])
    truck = world.truck
    line = request.lines[0] as string
  } finally {
    await node.close()
  }
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kizuna plan', () => {
  let id: string

  it('makes a plan and prints it as JSON with exact quantities, reporting progress on stderr', async () => {
    const made = await run('plan', '--json', '--horizon', '24', '--start', NOW)
    expectOk(made)
    const plan = JSON.parse(made.stdout)
    id = plan.id
    expect(plan).toMatchObject({
      status: 'draft',
      source: 'optimum',
      horizonHours: 24,
      start: NOW,
      consignmentsPlanned: 1,
      unmetQuantity: 10,
    })
    expect(plan.result.lines[0]).toMatchObject({
      line,
      requested: 120,
      planned: 120,
      allocations: [{ quantity: 120, asset: truck, departure: NOW }],
    })
    expect(plan.result.unmet).toEqual([
      { line: expect.any(String), quantity: 10, reason: 'no-stock' },
    ])
    expect(made.stderr).toContain('model built\n')
    expect(made.stderr).toContain('solved 1/5 life-saving\n')
    expect(made.stderr).toContain('solved 5/5 arrival-hours\n')
  })

  it('shows the summary table: per tier plan beside greedy, unmet by reason, consignments', async () => {
    const shown = await run('plan', 'show', id)
    expectOk(shown)
    const rows = shown.stdout.trim().split('\n')
    expect(rows[0]).toMatch(new RegExp(`^${id}  draft \\(optimum\\)  start ${NOW}  horizon 24 h`))
    expect(rows.slice(1, 5)).toEqual([
      'tier\trequested\tplanned\ton_time\tfulfilment\tgreedy_on_time\tgreedy_fulfilment\tbound_fulfilment',
      'life-saving\t120\t120\t120\t1.000\t120\t1.000\t1.000',
      'life-sustaining\t0\t0\t0\t0.000\t0\t0.000\t0.000',
      'other\t10\t0\t0\t0.000\t0\t0.000\t0.000',
    ])
    expect(rows[5]).toBe('unmet\tno-stock 10\tnot-allowed 0\tno-route-in-time 0\tno-capacity 0')
    expect(rows[6]).toBe('consignments\t1 sorties by 1 assets (greedy 1 by 1)')
    const lines = await run('plan', 'show', id, '--lines')
    expect(lines.stdout).toContain(`${line}\tlife-saving\t`)
    expect(lines.stdout).toMatch(/\tother\t.*\t10\t0\t\t\tno-stock 10\n/)
  })

  it('lists, writes the LP, approves and discards', async () => {
    const listed = await run('plan', 'list')
    expectOk(listed)
    expect(listed.stdout.split('\n').slice(0, 2)).toEqual([
      'id\tstatus\tcreated\tlines\trequested\tdelivered\tsorties\tunmet',
      expect.stringMatching(new RegExp(`^${id}\tdraft\t\\S+\t2\t130\t120\t1\t10$`)),
    ])
    const lp = await run('plan', 'lp', id)
    expectOk(lp)
    expect(lp.stdout.startsWith('\\ Kizuna allocation model, stage 1\nMaximize\n')).toBe(true)
    const approved = await run('plan', 'approve', id)
    expectOk(approved)
    expect(approved.stdout).toMatch(new RegExp(`^${id}  approved`))
    expect(approved.stdout.trim().split('\n')[1]).toMatch(/^[0-9a-f-]{36}\tplanned$/)
    const discarded = await run('plan', 'discard', id)
    expectOk(discarded)
    expect(discarded.stdout).toMatch(new RegExp(`^${id}  discarded`))
    const again = await run('plan', 'approve', id)
    expect(again.code).toBe(65)
    expect(again.stderr).toContain('a discarded plan cannot approve')
    const badHorizon = await run('plan', '--horizon', 'soon')
    expect(badHorizon.code).toBe(2)
    expect(badHorizon.stderr).toContain('--horizon must be hours')
  })
})
