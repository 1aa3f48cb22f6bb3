/**
 * `kizuna asset|route|leg` as a user runs them, on a SQLite node initialised with the bundled places.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runKizuna } from '../support/cli.js'

describe('kizuna asset, route and leg', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-transport-'))
  const db = join(dir, 'node.sqlite')
  const run = (...args: string[]) => runKizuna([...args, '--db', db])
  beforeAll(async () => {
    const init = await runKizuna(['init', '--db', db])
    expect(init.code, init.stderr).toBe(0)
  }, 120_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('derives the network, records and lists assets, routes a truck and reroutes it round a closed leg', async () => {
    const derived = await run('routes', 'derive')
    expect(derived.code, derived.stderr).toBe(0)
    expect(derived.stdout).toMatch(/^Derived \d+ legs from 2746 places/)

    const added = await run(
      'asset',
      'add',
      '--type',
      'TRUCK-10T',
      '--name',
      'Truck 10-1',
      '--base',
      'ICAO:RJNK',
    )
    expect(added.code, added.stderr).toBe(0)
    const listed = await run('asset', 'list', '--kind', 'truck')
    expect(listed.stdout).toContain('Truck 10-1\t10000\t56\t60\t\tICAO:RJNK\tavailable')

    const first = await run('route', 'fastest', 'ICAO:RJNK', 'LG:172049', '--kind', 'truck')
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^ICAO:RJNK → LG:172049 by truck: [\d.]+ km, \d+ min/)
    const lastLeg = first.stdout.trim().split('\n').at(-1)?.split('\t').at(-1) ?? ''
    const refused = await run('leg', 'close', lastLeg)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('--reason is required')
    const closed = await run('leg', 'close', lastLeg, '--reason', 'landslide on Route 249')
    expect(closed.code, closed.stderr).toBe(0)
    expect(closed.stdout).toContain('is closed: landslide on Route 249')
    const again = await run('route', 'fastest', 'ICAO:RJNK', 'LG:172049', '--kind', 'truck')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).not.toContain(lastLeg)
    const listedClosed = await run('leg', 'list', '--status', 'closed')
    expect(listedClosed.stdout).toContain(`${lastLeg}\troad`)
  }, 120_000)

  it('refuses bad input with an exit code and a message naming what was wrong', async () => {
    const negative = await run(
      'asset',
      'add',
      '--kind',
      'truck',
      '--name',
      'Bad',
      '--payload-kg',
      '-5',
      '--volume-m3',
      '5',
      '--speed-kmh',
      '50',
      '--base',
      'ICAO:RJNK',
    )
    expect(negative.code).toBe(65)
    expect(negative.stderr).toContain('payloadKg')
    const unknownPlace = await run('route', 'fastest', 'ICAO:RJNK', 'NOWHERE:1', '--kind', 'truck')
    expect(unknownPlace.code).toBe(2)
    expect(unknownPlace.stderr).toContain('to: no place with code "NOWHERE:1"')
    const badKind = await run('route', 'fastest', 'ICAO:RJNK', 'LG:172049', '--kind', 'submarine')
    expect(badKind.code).toBe(2)
    expect(badKind.stderr).toContain('--kind must be one of')
    const inverted = await run(
      'asset',
      'add',
      '--type',
      'UH-60M',
      '--name',
      'Late',
      '--base',
      'ICAO:RJNK',
      '--from',
      '2026-02-01T00:00:00Z',
      '--until',
      '2026-01-01T00:00:00Z',
    )
    expect(inverted.code).toBe(65)
    expect(inverted.stderr).toContain('availableUntil')
    expect(
      (await run('asset', 'list')).stdout
        .split('\n')
        .filter((l) => l.includes('Bad') || l.includes('Late')),
    ).toEqual([])
  }, 120_000)

  it('init --demo derives the route network, so a demo node routes at once', async () => {
    const demoDb = join(dir, 'demo.sqlite')
    const init = await runKizuna(['init', '--demo', '--db', demoDb])
    expect(init.code, init.stderr).toBe(0)
    const legs = Number(
      /demo partners and hubs added, (\d+) route legs derived/.exec(init.stdout)?.[1],
    )
    expect(legs).toBeGreaterThan(10_000)
    const route = await runKizuna([
      'route',
      'fastest',
      'ICAO:RJNK',
      'LG:172049',
      '--kind',
      'truck',
      '--db',
      demoDb,
    ])
    expect(route.code, route.stderr).toBe(0)
    expect(route.stdout).toMatch(/^ICAO:RJNK → LG:172049 by truck: [\d.]+ km, \d+ min/)
    // A second start finds the demo loaded and derives nothing again.
    const again = await runKizuna(['init', '--demo', '--db', demoDb])
    expect(again.stdout).not.toContain('route legs derived')
  }, 120_000)
})
