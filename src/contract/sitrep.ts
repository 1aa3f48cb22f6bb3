/**
 * @module contract/sitrep
 * The situation report of an operation: which format, language and time zone to print it in, and
 * how many days of the pipeline it shows. The zone and the days are read as the dashboard reads them.
 */
import { z } from 'zod'
import { dashboardQuerySchema } from './dashboard.js'

export const sitrepFormats = ['html', 'pdf'] as const
export const sitrepLanguages = ['en', 'ja'] as const

export const sitrepQuerySchema = z.object({
  format: z
    .enum(sitrepFormats)
    .default('html')
    .describe('html: a printable A4 page; pdf: an A4 PDF with Noto Sans JP embedded'),
  lang: z.enum(sitrepLanguages).default('en').describe('The language of the labels and names'),
  zone: dashboardQuerySchema.shape.zone.describe(
    'The IANA time zone the report gives its times and the pipeline its days in, e.g. Asia/Tokyo',
  ),
  days: dashboardQuerySchema.shape.days
    .unwrap()
    .default(14)
    .describe('How many days, up to today, the pipeline covers'),
})
export type SitrepQuery = z.infer<typeof sitrepQuerySchema>
