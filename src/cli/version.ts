/**
 * @module cli/version
 * The product version, from package.json (read once, without loading the server).
 */
import { readFileSync } from 'node:fs'

export function productVersion(): string {
  const url = new URL('../../package.json', import.meta.url)
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version
}
