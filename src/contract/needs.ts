/**
 * @module contract/needs
 * The needs estimator: from an affected population (or a place whose figures give it) and a number of
 * days, the needs by the minimum standards, as whole catalogue items with the arithmetic shown.
 */
import { z } from 'zod'

export const populationMax = 50_000_000
export const daysMax = 365
export const standardKeyPattern = /^[a-z][a-z0-9_]{0,59}$/
/** Where a figure used by an estimate came from. */
export const standardSources = ['bundled', 'operation', 'request'] as const

export const needsEstimateBodySchema = z
  .object({
    population: z
      .number()
      .int()
      .positive()
      .max(populationMax)
      .optional()
      .describe('Affected people; when left out, the place gives it'),
    place: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'A place id (UUID) or code (LG:172049, GSI:…) whose Noto 2024 evacuee figure or capacity gives the population',
      ),
    days: z.number().int().min(1).max(daysMax).describe('Number of days to cover, 1 to 365'),
    operation: z
      .uuid()
      .optional()
      .describe(
        "An operation's id: its own figures for the standards replace the bundled ones (see GET /api/operations)",
      ),
    standards: z
      .record(
        z.string().regex(standardKeyPattern, 'a standard key such as water_use_per_person_per_day'),
        z.number().positive().max(1_000_000_000),
      )
      .optional()
      .describe(
        'Overrides by key, e.g. {"water_use_per_person_per_day": 20} (see GET /api/needs/standards); they win over the operation\'s figures',
      ),
  })
  .refine((body) => body.population !== undefined || body.place !== undefined, {
    message: 'give population, or a place whose capacity or evacuee figure gives it',
    path: ['population'],
  })
export type NeedsEstimateBody = z.input<typeof needsEstimateBodySchema>

export const needLineSchema = z.object({
  id: z
    .string()
    .describe('Stable id of the line: water, drinking-water, food, soap, covered-area, toilets'),
  sector: z.string(),
  need: z.string(),
  quantityNeeded: z.number().describe('In quantityUnit'),
  quantityUnit: z.string().describe('L, kcal, g, m², toilets'),
  itemCode: z.string(),
  itemName: z
    .string()
    .nullable()
    .describe('From the catalogue; null when this node lacks the item'),
  itemUnit: z.string(),
  itemsNeeded: z.number().int().describe('Whole items, rounded up'),
  quantityPerItem: z.number().describe('How much of the need one item meets, in quantityUnit'),
  arithmetic: z.string(),
  standardKey: z.string(),
  edition: z.string(),
  includedIn: z
    .string()
    .nullable()
    .describe('The id of a line this need is part of, not in addition to'),
  note: z.string().nullable(),
})
export type NeedLine = z.infer<typeof needLineSchema>

export const needsEstimateSchema = z.object({
  population: z.number().int(),
  populationSource: z
    .string()
    .describe('"given", "place capacity" or "Noto 2024 evacuees on <date>"'),
  place: z.object({ id: z.string(), code: z.string(), name: z.string().nullable() }).nullable(),
  operation: z
    .object({ id: z.string(), name: z.string() })
    .nullable()
    .describe('The operation whose figures were used, when one was named'),
  days: z.number().int(),
  lines: z.array(needLineSchema),
  standards: z.array(
    z.object({
      key: z.string(),
      value: z.number(),
      unit: z.string(),
      edition: z.string(),
      overridden: z.boolean().describe('True when the value is not the bundled one'),
      source: z
        .enum(standardSources)
        .describe(
          '"bundled" (data/standards.csv), "operation" (the operation\'s figure) or "request" (an override in this request)',
        ),
    }),
  ),
})
export type NeedsEstimate = z.infer<typeof needsEstimateSchema>

export const standardSchema = z.object({
  key: z.string(),
  sector: z.string(),
  value: z.number(),
  unit: z.string(),
  edition: z.string().describe('The edition or document the figure comes from'),
  quote: z.string().describe("The source's own words; empty for a convention"),
  sourceUrl: z.string().nullable(),
})
export type Standard = z.infer<typeof standardSchema>

export const standardListSchema = z.object({ standards: z.array(standardSchema) })
export type StandardList = z.infer<typeof standardListSchema>
