/**
 * @module contract/exchange
 * Exchange files as the API speaks them: exports of requests, pledges, stock and a 3W as HXL-tagged
 * CSV (a header row, then a hashtag row) or plain CSV, and the import of requests from such a file.
 */
import { z } from 'zod'
import { pledgeStatuses, requestListQuerySchema } from './requests.js'

export const exchangeFormats = ['hxl', 'csv'] as const

const format = z
  .enum(exchangeFormats)
  .default('hxl')
  .describe(
    'hxl: a text header row, then a row of HXL hashtags (#org, #item+code …); csv: headers only',
  )

export const requestExportQuerySchema = z.object({
  format,
  status: requestListQuerySchema.shape.status,
  destination: z.uuid().optional(),
  org: z.uuid().optional(),
  operation: z.uuid().optional(),
})

export const pledgeExportQuerySchema = z.object({
  format,
  status: z.enum(pledgeStatuses).optional(),
  org: z.uuid().optional(),
})

export const stockExportQuerySchema = z.object({
  format,
  place: z.uuid().optional(),
  item: z.uuid().optional(),
  owner: z.uuid().optional(),
  category: z.string().trim().max(40).optional(),
})

export const threeWQuerySchema = z.object({
  format,
  operation: z.uuid().optional(),
})

export const sheetSchema = z
  .string()
  .describe('CSV, UTF-8, CRLF line ends; with format=hxl the second row holds the HXL hashtags')

export const requestImportQuerySchema = z.object({
  submit: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('Submit each request drafted (default: leave them as drafts)'),
  file: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .default('requests.csv')
    .describe('The file name, used in error messages (and .json reads the body as HXL JSON)'),
})

export const requestImportBodySchema = z
  .string()
  .describe(
    'A HXL-tagged CSV: one row per line, #loc+code (destination place code), #date+needed, #priority, and #item+code with #need+num, or #service+code (a capability) with #service+name; #meta+request groups rows into requests',
  )

export const requestImportResultSchema = z.object({
  requests: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      reference: z.string().nullable(),
      status: z.string(),
      lines: z.number().int(),
      result: z.enum(['created', 'exists']),
      fileLines: z.array(z.number().int()),
    }),
  ),
  created: z.number().int(),
  existing: z.number().int(),
  warnings: z.array(z.string()),
  ignored: z.array(z.string()).describe('Hashtags of the columns the import does not read'),
})

export const pledgeImportQuerySchema = z.object({
  file: requestImportQuerySchema.shape.file,
})

export const pledgeImportBodySchema = z
  .string()
  .describe(
    'A HXL-tagged CSV: one pledge per row, #item+code or #service+code (with #service+name), #value+pledged; optional #org+code (the pledging partner), #loc+code, #date+start, #date+end, #description+conditions, #meta+pledge (names the pledge: importing it again changes nothing)',
  )

export const pledgeImportResultSchema = z.object({
  pledges: z.array(
    z.object({
      id: z.string(),
      reference: z.string().nullable(),
      status: z.string(),
      result: z.enum(['created', 'exists']),
      fileLine: z.number().int(),
    }),
  ),
  created: z.number().int(),
  existing: z.number().int(),
  ignored: z.array(z.string()),
})
