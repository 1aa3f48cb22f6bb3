/**
 * The Noto route network as in January 2024: every leg `kizuna route derive` derives from the places
 * (deriveLegs), then what the earthquake did to them — scenario choices, written out to be checked:
 *
 * - roads into Wajima and Suzu: every road leg with one end in Wajima or Suzu (admin codes 172049,
 *   172057, and Noto Satoyama Airport, which lies in Wajima) and the other outside. Those from
 *   Anamizu and Noto town (the Noto Satoyama Kaido and the inland roads, open to emergency vehicles
 *   one lane at a time) are **damaged**, at 3× their time; every other one is **closed** — the west
 *   coast by Shika and Monzen (Route 249, landslides) and the derived straight "trunk" legs from
 *   Nanao and beyond that would bypass those two corridors;
 * - Wajima port's sea legs are **closed**: the earthquake lifted the harbour floor;
 * - Noto Satoyama Airport's air legs are **damaged** (a cracked runway): this scenario lets relief
 *   aircraft use it, an assumption, not a record.
 *
 * Roads inside Wajima and Suzu are left open: the plan's question is how to get in.
 */
import type { RoutingLeg } from '../src/domain/transport/fastest-route.js'
import type { LegStatus } from '../src/domain/transport/leg.js'
import { deriveLegs } from '../src/domain/transport/route-network.js'
import type { PlaceRow } from '../src/interop/places/read-places.js'

const CUT_OFF = new Set(['172049', '172057'])
/** The two corridors that stayed passable, damaged: Anamizu and Noto town. */
const CORRIDORS = new Set(['174611', '174637'])
const NOTO_AIRPORT = 'ICAO:RJNW'
const WAJIMA_PORT = 'LOCODE:JPWJM'
/** Damaged roads: one lane, detours and queues — about three times the time (an assumption). */
export const DAMAGED_SLOWDOWN = 3

export function notoLegs(places: readonly PlaceRow[]): RoutingLeg[] {
  const byCode = new Map(places.map((p) => [p.code, p]))
  const inside = (p: PlaceRow) =>
    (p.adminCode !== null && CUT_OFF.has(p.adminCode)) || p.code === NOTO_AIRPORT
  const network = places.map(({ code, type, lat, lon }) => ({ id: code, code, type, lat, lon }))
  return deriveLegs(network).map((leg) => {
    let status: LegStatus = 'open'
    let note: string | null = null
    let transitMinutes = leg.transitMinutes
    const from = byCode.get(leg.from.code)!
    const to = byCode.get(leg.to.code)!
    if (leg.mode === 'road' && inside(from) !== inside(to)) {
      const outside = inside(from) ? to : from
      if (outside.adminCode !== null && CORRIDORS.has(outside.adminCode)) {
        status = 'damaged'
        note = 'one lane for emergency vehicles, detours (January 2024)'
        transitMinutes *= DAMAGED_SLOWDOWN
      } else {
        status = 'closed'
        note = 'landslides and collapsed roads (January 2024)'
      }
    } else if (leg.mode === 'sea' && (from.code === WAJIMA_PORT || to.code === WAJIMA_PORT)) {
      status = 'closed'
      note = 'the harbour floor rose in the earthquake'
    } else if (leg.mode === 'air' && (from.code === NOTO_AIRPORT || to.code === NOTO_AIRPORT)) {
      status = 'damaged'
      note = 'runway cracked; relief aircraft only (scenario assumption)'
    }
    return {
      id: `${leg.mode}:${leg.from.code}:${leg.to.code}`,
      mode: leg.mode,
      from: leg.from.code,
      to: leg.to.code,
      distanceKm: leg.distanceKm,
      transitMinutes,
      status,
      note,
    }
  })
}
