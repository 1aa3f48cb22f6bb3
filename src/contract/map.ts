/**
 * @module contract/map
 * The map of the common operating picture as the API speaks it, in two reads so that panning never
 * refetches what an operation changes: the places in a box (compact: what a marker and its popup
 * need), and the picture's operational layers — stock at places, open needs, requests, consignments
 * on their way with their path and last position, closed and damaged legs, and the affected area.
 * Each feature names places by id; the picture carries every place it names that the caller may see.
 */
import { z } from 'zod'
import { placeStatuses, placeTypes } from './places.js'
import { priorities, requestStatuses } from './requests.js'
import { legModes, legStatuses } from './transport.js'

export const mapPlacesMax = 20_000

/** A comma-separated list of values from `allowed`, or undefined when empty. */
function listOf<const T extends readonly string[]>(allowed: T, what: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined
      const list = value.split(',')
      const bad = list.find((each) => !(allowed as readonly string[]).includes(each))
      if (bad !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown ${what} "${bad}"; expected one of ${allowed.join(', ')}`,
        })
        return z.NEVER
      }
      return list as T[number][]
    })
}

export const mapPlacesQuerySchema = z.object({
  bbox: z
    .string()
    .transform((value, ctx) => {
      const parts = value.split(',').map(Number)
      const [west = Number.NaN, south = Number.NaN, east = Number.NaN, north = Number.NaN] = parts
      const valid =
        parts.length === 4 &&
        parts.every(Number.isFinite) &&
        south <= north &&
        west <= east &&
        south >= -90 &&
        north <= 90 &&
        west >= -180 &&
        east <= 180
      if (!valid) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected "west,south,east,north" in degrees, e.g. 136.5,36.9,137.4,37.6',
        })
        return z.NEVER
      }
      return { west, south, east, north }
    })
    .describe('Bounding box "west,south,east,north" in WGS84 degrees'),
  type: listOf(placeTypes, 'place type').describe('One place type or several, comma-separated'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(mapPlacesMax)
    .default(mapPlacesMax)
    .describe('The most places in one answer; `truncated` says when there were more'),
})
export type MapPlacesQuery = z.input<typeof mapPlacesQuerySchema>

export const mapPlaceSchema = z.object({
  id: z.string(),
  type: z.enum(placeTypes),
  code: z.string(),
  nameEn: z.string().nullable(),
  nameJa: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
  status: z.enum(placeStatuses).nullable().describe('The latest reported status, if any'),
})
export type MapPlace = z.infer<typeof mapPlaceSchema>

export const mapPlacesSchema = z.object({
  places: z.array(mapPlaceSchema).describe('In code order'),
  truncated: z.boolean().describe('More places are in the box than `limit`: zoom in'),
})
export type MapPlaces = z.infer<typeof mapPlacesSchema>

export const mapQuerySchema = z.object({
  operation: z
    .uuid()
    .optional()
    .describe(
      "Only this operation: its requests, needs and the consignments serving them, and its affected area (stock and legs are not kept per operation); without it, every operation's, and the areas of those not ended",
    ),
  status: listOf(requestStatuses, 'request status').describe(
    'Requests in these statuses, comma-separated; default those in play (submitted … partially-delivered)',
  ),
  priority: z
    .enum(priorities)
    .optional()
    .describe('Requests with a line of this priority or a more urgent one'),
})
export type MapQuery = z.input<typeof mapQuerySchema>

const quantities = {
  openQuantity: z.number().int().describe('Asked for and not yet delivered, in base units'),
  lines: z.number().int(),
}

export const mapPictureSchema = z.object({
  generatedAt: z.string(),
  operation: z.object({ id: z.string(), name: z.string() }).nullable(),
  places: z.array(mapPlaceSchema).describe('Every place the features below name, in code order'),
  stock: z
    .array(
      z.object({
        place: z.string(),
        available: z.number().int().describe('Units available (on hand less reserved)'),
        reserved: z.number().int(),
        availableWeightKg: z.number().describe('Of items whose unit weight is known'),
        items: z.number().int().describe('Different items held'),
        replicas: z
          .array(
            z.object({
              home: z.string().describe('The node whose stock it is; only it may move it'),
              available: z.number().int(),
              reserved: z.number().int(),
              availableWeightKg: z.number(),
              items: z.number().int(),
            }),
          )
          .describe(
            "Other nodes' stock here as released to this node (read-only replicas), by home node; not counted in the figures above",
          ),
      }),
    )
    .describe("Stock at each place that holds some: this node's, and other nodes' beside it"),
  needs: z
    .array(
      z.object({
        place: z.string(),
        priority: z.enum(priorities).describe('The most urgent priority still open'),
        ...quantities,
        byPriority: z.array(z.object({ priority: z.enum(priorities), ...quantities })),
      }),
    )
    .describe('Open needs of validated requests, by place'),
  requests: z.array(
    z.object({
      id: z.string(),
      home: z
        .string()
        .describe('The node whose request it is; another node’s is a read-only replica'),
      code: z.string(),
      status: z.enum(requestStatuses),
      priority: z.enum(priorities).describe('Its most urgent line'),
      destination: z.string(),
      neededBy: z.string(),
      ...quantities,
    }),
  ),
  consignments: z.array(
    z.object({
      id: z.string(),
      home: z.string().describe('The node whose consignment it is'),
      status: z.enum(['dispatched', 'arrived']),
      origin: z.string(),
      destination: z.string(),
      path: z
        .array(z.string())
        .describe('The places it passes in travel order, origin first (those the caller may see)'),
      legs: z.number().int().describe('Legs of its route; 0 for a direct one'),
      dispatchedAt: z.string().nullable(),
      arrivedAt: z.string().nullable(),
      eta: z.string().nullable(),
      late: z.boolean().describe('Still on its way after its ETA, or arrived after it'),
      position: z
        .object({ lat: z.number(), lon: z.number(), at: z.string() })
        .nullable()
        .describe('The latest tracking event that gave coordinates'),
      quantity: z.number().int(),
      lines: z.number().int(),
    }),
  ),
  legs: z
    .array(
      z.object({
        id: z.string(),
        mode: z.enum(legModes),
        from: z.string(),
        to: z.string(),
        status: z.enum(legStatuses),
        note: z.string().nullable(),
        distanceKm: z.number(),
      }),
    )
    .describe('Closed and damaged legs of the route network'),
  areas: z.array(
    z.object({
      operation: z.string(),
      name: z.string(),
      startedOn: z.string(),
      area: z.unknown().describe('A GeoJSON geometry'),
    }),
  ),
})
export type MapPicture = z.infer<typeof mapPictureSchema>
