/**
 * @module app/waybill-fonts
 * Noto Sans JP for waybills, read from the npm package `@expo-google-fonts/noto-sans-jp` (SIL Open
 * Font License 1.1): the machines Kizuna runs on have no Japanese font, and the font stays out of the
 * repository and the event log. The PDF embeds a subset; the HTML page loads the file from the node.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { WaybillFonts } from '../interop/waybill/pdf.js'

const PACKAGE = '@expo-google-fonts/noto-sans-jp'
const require = createRequire(import.meta.url)

/** The font files the node serves, by the name in their URL. */
export const waybillFontFiles = {
  'noto-sans-jp-400.ttf': '400Regular/NotoSansJP_400Regular.ttf',
  'noto-sans-jp-700.ttf': '700Bold/NotoSansJP_700Bold.ttf',
} as const
export type WaybillFontName = keyof typeof waybillFontFiles

/** The package version: it changes the font URL, so a long browser cache never serves a stale file. */
export const waybillFontVersion: string = (
  require(`${PACKAGE}/package.json`) as { version: string }
).version

export function isWaybillFontName(name: string): name is WaybillFontName {
  return Object.hasOwn(waybillFontFiles, name)
}

const cache = new Map<WaybillFontName, Promise<Buffer>>()

/** A font file's bytes, read once per process (each is about 5 MB). */
export function readWaybillFont(name: WaybillFontName): Promise<Buffer> {
  let bytes = cache.get(name)
  if (!bytes) {
    bytes = readFile(require.resolve(`${PACKAGE}/${waybillFontFiles[name]}`))
    // A failed read is not kept: the next waybill tries again.
    bytes.catch(() => cache.delete(name))
    cache.set(name, bytes)
  }
  return bytes
}

export async function waybillFonts(): Promise<WaybillFonts> {
  const [regular, bold] = await Promise.all([
    readWaybillFont('noto-sans-jp-400.ttf'),
    readWaybillFont('noto-sans-jp-700.ttf'),
  ])
  return { regular, bold }
}
