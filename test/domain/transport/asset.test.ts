import { describe, expect, it } from 'vitest'
import {
  type AssetFields,
  checkAsset,
  isWithinWindow,
  withTypeFigures,
} from '../../../src/domain/transport/asset.js'
import { deriveLegs } from '../../../src/domain/transport/route-network.js'

const truck: AssetFields = {
  kind: 'truck',
  type: null,
  name: 'Truck 7',
  payloadKg: 4000,
  volumeM3: 28,
  speedKmh: 60,
  rangeKm: null,
  base: 'hub',
  availableFrom: '2026-01-01T00:00:00.000Z',
  availableUntil: '2026-02-01T00:00:00.000Z',
}

describe('asset rules', () => {
  it('accepts a sound asset and names each field that is not', () => {
    expect(checkAsset(truck)).toEqual([])
    const fields = checkAsset({
      ...truck,
      kind: 'submarine' as AssetFields['kind'],
      name: ' ',
      payloadKg: -1,
      volumeM3: 0,
      speedKmh: 5000,
      rangeKm: -3,
      availableUntil: '2025-12-01T00:00:00.000Z',
    }).map((p) => p.field)
    expect(fields).toEqual([
      'kind',
      'name',
      'payloadKg',
      'volumeM3',
      'speedKmh',
      'rangeKm',
      'availableUntil',
    ])
  })

  it('fills figures from the type, keeps what was given, and refuses a kind that contradicts it', () => {
    const type = {
      code: 'UH-60M',
      kind: 'helicopter' as const,
      nameEn: 'UH-60M',
      nameJa: null,
      payloadKg: 4082,
      volumeM3: 7,
      speedKmh: 278,
      rangeKm: 590,
      estimates: null,
      source: 'U.S. Army',
    }
    expect(withTypeFigures({ payloadKg: 3000 }, type)).toEqual({
      ok: true,
      figures: { kind: 'helicopter', payloadKg: 3000, volumeM3: 7, speedKmh: 278, rangeKm: 590 },
    })
    expect(withTypeFigures({ kind: 'truck' }, type)).toMatchObject({
      ok: false,
      problems: [{ field: 'kind' }],
    })
    expect(withTypeFigures({ kind: 'truck' }, null)).toMatchObject({
      ok: false,
      problems: [{ field: 'payloadKg' }, { field: 'volumeM3' }, { field: 'speedKmh' }],
    })
  })

  it('holds an instant in its availability window, the end excluded', () => {
    expect(isWithinWindow(truck, '2026-01-15T00:00:00Z')).toBe(true)
    expect(isWithinWindow(truck, '2026-02-01T00:00:00Z')).toBe(false)
    expect(
      isWithinWindow({ availableFrom: null, availableUntil: null }, '1999-01-01T00:00:00Z'),
    ).toBe(true)
  })
})

describe('deriving the network', () => {
  const p = (code: string, type: string, lat: number, lon: number) => ({
    id: code,
    code,
    type,
    lat,
    lon,
  })
  const places = [
    p('ICAO:A', 'airport', 36.4, 136.4),
    p('ICAO:B', 'airport', 37.3, 136.96),
    p('ICAO:FAR', 'airport', 26.2, 127.6),
    p('LOCODE:X', 'seaport', 36.61, 136.6),
    p('LOCODE:Y', 'seaport', 37.4, 136.9),
    p('GSI:1', 'shelter', 37.38, 136.91),
    p('GSI:2', 'shelter', 37.38, 136.91),
  ]

  it('joins airports within the air limit, ports by sea with the factor, near places by road, once a pair', () => {
    const legs = deriveLegs(places)
    const air = legs.filter((l) => l.mode === 'air').map((l) => `${l.from.code}-${l.to.code}`)
    expect(air).toEqual(['ICAO:A-ICAO:B'])
    const sea = legs.find((l) => l.mode === 'sea')
    expect(sea?.distanceKm).toBeGreaterThan(1.3 * 90)
    const keys = legs.map((l) => `${l.mode}|${l.from.code}|${l.to.code}`)
    expect(new Set(keys).size).toBe(keys.length)
    // Two shelters at one address are 100 m apart, not 0.
    expect(legs.find((l) => l.from.code === 'GSI:1' && l.to.code === 'GSI:2')?.distanceKm).toBe(0.1)
    expect(deriveLegs([...places].reverse())).toEqual(legs)
  })
})
