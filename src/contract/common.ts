/**
 * @module contract/common
 * Shapes shared by every API resource: the record envelope (id, home, org, share, times, version),
 * paging and the error body. Imported by the server, the CLI and the web app; imports nothing of ours.
 */
import { z } from 'zod'

/** Releasability: only the owning organisation, a list of organisations, or all partners. */
export const shareSchema = z
  .union([z.literal('own'), z.literal('all'), z.array(z.uuid()).min(1).max(100)])
  .describe(
    'Who may see the record: "own" (its organisation only), "all" partners, or a list of organisation ids',
  )
export type ShareBody = z.infer<typeof shareSchema>

export const recordEnvelopeSchema = z.object({
  id: z.uuid(),
  home: z
    .string()
    .describe(
      'The node that created the record and alone may change it; "public" for reference data',
    ),
  org: z
    .string()
    .describe('Organisation on whose behalf the record exists; "public" for reference data'),
  share: shareSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().positive(),
})

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

/**
 * Paging for the directories (users, tokens, partners, operations) that pickers also read whole: without
 * `limit`, up to 5000 (a node holds far fewer); screens page with a smaller one.
 */
export const directoryPageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(5000)
    .describe('At most this many (1-5000); without it, the whole list up to 5000'),
  offset: z.coerce.number().int().min(0).default(0),
})

/** Free text in a list's names: trimmed; empty means no filter. */
export const listTextSchema = z.string().trim().max(200).optional()

/** A yes/no filter of a query string ("true" or "false"). */
export const flagQuerySchema = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional()

/**
 * The `sort` parameter of a list: each field ascending, or descending with a leading "-". A value
 * outside the list is a 400 naming `querystring.sort` and the accepted values.
 */
export function sortValues<const F extends string>(fields: readonly F[]) {
  return fields.flatMap((field) => [field, `-${field}`] as const) as (F | `-${F}`)[]
}
export function sortSchema<const F extends string>(
  fields: readonly [F, ...F[]],
  byDefault: F | `-${F}`,
) {
  type Value = F | `-${F}`
  const values = sortValues(fields) as [Value, ...Value[]]
  return z
    .enum(values)
    .default(byDefault as never)
    .describe(
      `Sort by ${fields.join(', ')}; "-" before the field for descending, e.g. -${fields[0]}`,
    )
}

export const idParamsSchema = z.object({ id: z.uuid() })

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
})
export type ErrorBody = z.infer<typeof errorBodySchema>

export const healthSchema = z.object({
  status: z.literal('ok'),
  node: z.string(),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
})
export type Health = z.infer<typeof healthSchema>

/**
 * The fields of a create schema as an update (PATCH) schema: each optional and without its default, so
 * a field the client leaves out stays as it is rather than being reset to the default.
 */
export function patchShape<T extends z.ZodRawShape>(shape: T) {
  return Object.fromEntries(
    Object.entries(shape).map(([name, field]) => [
      name,
      (field instanceof z.ZodDefault
        ? (field.unwrap() as z.ZodType)
        : (field as z.ZodType)
      ).optional(),
    ]),
  ) as unknown as {
    [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer Inner> ? Inner : T[K]>
  }
}
