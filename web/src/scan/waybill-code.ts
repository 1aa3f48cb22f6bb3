/**
 * @module web/scan/waybill-code
 * What a scanned (or typed) waybill code names: the text of a waybill's QR code is the address of the
 * consignment's receipt screen, `<node address>/consignments/<id>/receive`; a bare consignment id is
 * accepted too (typed by hand, or a scanner set to read ids). Pure: text in, a consignment id or the
 * reason it is none out. No DOM, so the unit tests run it in Node.
 */

export type WaybillCodeRead =
  | { outcome: 'consignment'; id: string }
  | { outcome: 'empty' }
  | { outcome: 'not_a_waybill'; text: string }

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** The receipt path, after whatever prefix a node is served under (a reverse proxy's /kizuna). */
const receivePathPattern = /\/consignments\/([^/]+)\/receive\/?$/
/** Some keyboard-wedge scanners send a tab or carriage return around the code. */
const controlCharacters = /\p{Cc}/gu

export function readWaybillCode(text: string): WaybillCodeRead {
  const code = text.replace(controlCharacters, '').trim()
  if (code === '') return { outcome: 'empty' }
  if (uuidPattern.test(code)) return { outcome: 'consignment', id: code.toLowerCase() }
  const id = receivePathId(code)
  if (id) return { outcome: 'consignment', id }
  return { outcome: 'not_a_waybill', text: code }
}

/**
 * The consignment id of a receipt address: absolute (http or https, any node: a waybill printed by a
 * peer names the peer, and the consignment id is the same on both) or a path typed by hand. Only the id
 * is kept, so a code naming another site never takes the browser there.
 */
function receivePathId(code: string): string | undefined {
  if (!/^https?:\/\//i.test(code) && !code.startsWith('/')) return undefined
  let url: URL
  try {
    url = new URL(code, 'http://localhost')
  } catch {
    return undefined
  }
  const segment = receivePathPattern.exec(url.pathname)?.[1]
  if (segment === undefined) return undefined
  let id: string
  try {
    id = decodeURIComponent(segment)
  } catch {
    return undefined
  }
  return uuidPattern.test(id) ? id.toLowerCase() : undefined
}

/** What was read, fit to show in a message: one line, at most `max` characters. */
export function excerptOf(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`
}
