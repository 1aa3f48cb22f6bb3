/**
 * The situation report's map drawing: fitted to what it shows with the land's shape kept, a coast
 * running far beyond the map clipped to it, sub-pixel detail dropped, and the same drawing written as
 * SVG with an accessible name and escaped labels.
 */
import { describe, expect, it } from 'vitest'
import type { Polygon } from '../../../src/domain/sitrep/area.js'
import { clipToBox, drawMap, mapSvg } from '../../../src/interop/sitrep/map.js'

const ring = (points: [number, number][]): Polygon => [[...points, points[0] as [number, number]]]

describe('the map drawing', () => {
  const land = [
    ring([
      [130, 30],
      [145, 30],
      [145, 45],
      [130, 45],
    ]),
  ]
  const points = [
    { kind: 'hub' as const, lon: 136.4, lat: 36.4, label: 'Komatsu <hub>' },
    { kind: 'destination' as const, lon: 136.9, lat: 37.4, label: 'Wajima' },
  ]

  it('fits the places and keeps them inside, north up and east to the right', () => {
    const map = drawMap({ land, area: [], points, flows: [] })
    if (!map) throw new Error('no map')
    expect(map.width).toBe(800)
    expect(map.height).toBeGreaterThanOrEqual(400)
    expect(map.height).toBeLessThanOrEqual(600)
    const [hub, wajima] = map.points
    expect((wajima?.x ?? 0) > (hub?.x ?? 0)).toBe(true)
    expect((wajima?.y ?? 0) < (hub?.y ?? 0)).toBe(true)
    for (const p of map.points) {
      expect(p.x).toBeGreaterThan(0)
      expect(p.x).toBeLessThan(map.width)
      expect(p.y).toBeGreaterThan(0)
      expect(p.y).toBeLessThan(map.height)
    }
    // The land square is far larger than the view: it is cut to the view and a few pixels beyond.
    const numbers = map.land.match(/-?[\d.]+/g)?.map(Number) ?? []
    expect(Math.min(...numbers)).toBe(-4)
    expect(Math.max(...numbers)).toBe(map.width + 4)
    // A scale bar of a round length, at most a quarter of the width and more than a tenth.
    expect(map.scale.km).toBe(50)
    expect(map.scale.pixels).toBeGreaterThan(80)
    expect(map.scale.pixels).toBeLessThanOrEqual(200)
  })

  it('leaves off a name that would run over one already placed, keeping its mark', () => {
    const map = drawMap({
      land,
      area: [],
      points: [
        { kind: 'hub', lon: 136.6105, lat: 36.6105, label: 'Kanazawa Port Logistics Hub' },
        { kind: 'hub', lon: 136.6236, lat: 36.5853, label: 'US HADR Forward Warehouse' },
        { kind: 'destination', lon: 136.9, lat: 37.39, label: '輪島市' },
      ],
      flows: [],
    })
    expect(map?.points.map((p) => [p.kind, p.label])).toEqual([
      ['hub', 'Kanazawa Port Logistics Hub'],
      ['hub', ''],
      ['destination', '輪島市'],
    ])
  })

  it('has nothing to draw without places, flows or an area', () => {
    expect(drawMap({ land, area: [], points: [], flows: [] })).toBeNull()
  })

  it('writes SVG with a title and the labels escaped', () => {
    const map = drawMap({
      land,
      area: [],
      points,
      flows: [{ from: [136.4, 36.4], to: [136.9, 37.4], late: true }],
    })
    if (!map) throw new Error('no map')
    const svg = mapSvg(map, 'Map of "Noto"')
    expect(svg).toContain('role="img" aria-label="Map of &quot;Noto&quot;"')
    expect(svg).toContain('>Komatsu &lt;hub&gt;</text>')
    expect(svg).toContain('stroke-dasharray="6 4"')
    expect(svg).toContain('>50 km</text>')
  })
})

describe('clipping to the drawing', () => {
  it('cuts a ring to the box and leaves one inside as it is', () => {
    expect(
      clipToBox(
        [
          [-100, 50],
          [50, -100],
          [200, 50],
          [50, 200],
        ],
        100,
        100,
        0,
      ).length,
    ).toBeGreaterThanOrEqual(4)
    const inside: [number, number][] = [
      [10, 10],
      [90, 10],
      [50, 90],
    ]
    expect(clipToBox(inside, 100, 100)).toEqual(inside)
    expect(
      clipToBox(
        [
          [200, 200],
          [300, 200],
          [300, 300],
        ],
        100,
        100,
      ),
    ).toEqual([])
  })
})
