/**
 * @module contract/waybill
 * The printable waybill of a consignment: which format and language to print it in, and the node's
 * font files that the HTML page loads for its Japanese text.
 */
import { z } from 'zod'

export const waybillFormats = ['html', 'pdf'] as const
export const waybillLanguages = ['en', 'ja'] as const

export const waybillQuerySchema = z.object({
  format: z
    .enum(waybillFormats)
    .default('html')
    .describe('html: a printable A4 page; pdf: an A4 PDF with Noto Sans JP embedded'),
  lang: z.enum(waybillLanguages).default('en').describe('The language of the labels and names'),
})

/** A document sent as it is, text or bytes (never serialised as JSON). */
export const waybillDocumentSchema = z
  .union([z.string(), z.custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array)])
  .describe(
    'text/html (a self-contained page with its QR code as inline SVG) or application/pdf (binary)',
  )

export const fontParamsSchema = z.object({
  name: z.string().max(100).describe('e.g. noto-sans-jp-400.ttf'),
})
