/**
 * Pages as the asker checks them: the signature over the very bytes received, the keys accepted for a
 * range, and the page's own consistency (range, hashes, the chain where both links are in view).
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { hashEvent } from '../../../src/domain/events/chain.js'
import {
  checkPage,
  openSignedPage,
  type ReplicationPage,
} from '../../../src/domain/federation/page.js'
import { keysForPage } from '../../../src/domain/federation/peer.js'
import { chainOf, pageOf, signPage, testKey, verifyWith } from './fixtures.js'

const home = testKey()
const stranger = testKey()
const expected = { node: 'node-a', asker: 'node-b' }
const specs = Array.from({ length: 12 }, (_, i) => ({
  org: i % 3 === 0 ? 'org-b' : 'org-a',
  share: i % 2 === 0 ? 'all' : 'own',
}))
const chain = chainOf(specs)

const open = (text: string, keys: string[] = [home.pem]) =>
  openSignedPage(text, () => keys, verifyWith)

describe('a signed page', () => {
  it('opens with the home key and passes its checks, events and range as signed', () => {
    const page = pageOf(chain, { after: 2, limit: 5, keep: (e) => e.share === 'all' })
    const opened = open(signPage(page, home))
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    expect(opened.page).toEqual(page)
    expect(opened.page.events.map((e) => e.seq)).toEqual([3, 5, 7])
    expect([opened.page.from, opened.page.to, opened.page.truncated]).toEqual([3, 7, true])
    expect(checkPage(opened.page, expected)).toBeNull()
  })

  it('refuses an answer that is not a signed page, and one signed by another key', () => {
    const page = pageOf(chain, { after: 0, limit: 4 })
    expect(open(JSON.stringify(page))).toMatchObject({ ok: false, problem: { code: 'unsigned' } })
    expect(open(signPage(page, stranger))).toMatchObject({
      ok: false,
      problem: { code: 'bad_signature' },
    })
  })

  it('accepts a retired key only for pages that end where it was still valid', () => {
    const peer = {
      publicKey: stranger.pem,
      previousKeys: [{ publicKey: home.pem, retiredAt: '2026-01-01T00:00:00Z', validToSeq: 6 }],
    }
    const within = pageOf(chain, { after: 0, limit: 6 })
    const beyond = pageOf(chain, { after: 0, limit: 7 })
    const openFor = (page: ReplicationPage) =>
      openSignedPage(signPage(page, home), (p) => keysForPage(peer, p.to), verifyWith)
    expect(openFor(within).ok).toBe(true)
    expect(openFor(beyond)).toMatchObject({ ok: false, problem: { code: 'bad_signature' } })
  })

  test.prop(
    [
      fc.integer({ min: 0, max: 11 }),
      fc.integer({ min: 1, max: 12 }),
      // Anywhere, or often in the signature at the end (the last 104 bytes).
      fc.oneof(fc.nat(), fc.integer({ min: -104, max: -1 })),
      fc.integer({ min: 1, max: 255 }),
    ],
    { numRuns: 400 },
  )('refuses the page when any single byte of it is changed', (after, limit, at, delta) => {
    const bytes = Buffer.from(
      signPage(pageOf(chain, { after, limit, keep: (e) => e.seq % 2 === 1 }), home),
      'utf8',
    )
    const i = at >= 0 ? at % bytes.length : bytes.length + at
    bytes[i] = ((bytes[i] as number) + delta) % 256
    const opened = open(bytes.toString('utf8'))
    expect(opened.ok && checkPage(opened.page, expected) === null).toBe(false)
  })

  it('refuses a signature spelt another way in base64 (the unused low bits of its last character)', () => {
    const text = signPage(pageOf(chain, { after: 0, limit: 3 }), home)
    const at = text.length - 5
    const last = text[at] as string
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
    // The last character of a 64-byte signature carries 4 bits; the low 2 are padding.
    const twin = alphabet[alphabet.indexOf(last) ^ 1] as string
    const respelt = `${text.slice(0, at)}${twin}${text.slice(at + 1)}`
    expect(Buffer.from(respelt.slice(-90, -2), 'base64')).toEqual(
      Buffer.from(text.slice(-90, -2), 'base64'),
    )
    expect(open(respelt)).toMatchObject({ ok: false, problem: { code: 'unsigned' } })
  })
})

describe('the checks of a page', () => {
  const page = pageOf(chain, { after: 3, limit: 5 })

  it('names the node and the asker a page is not for', () => {
    expect(checkPage(page, { ...expected, node: 'node-c' })?.code).toBe('wrong_node')
    expect(checkPage(page, { ...expected, asker: 'node-c' })?.code).toBe('wrong_asker')
  })

  it('refuses an event altered by a home that signs it anyway, naming its seq', () => {
    const [first, ...rest] = page.events
    const altered = { ...page, events: [{ ...first!, body: '{"org":"org-x"}' }, ...rest] }
    expect(checkPage(altered, expected)).toEqual({
      code: 'hash_mismatch',
      message: 'event 4 does not match its hash: it was altered',
    })
  })

  it('refuses a chain that does not link where both links are in view', () => {
    const second = page.events[1]!
    const relinked = { ...second, prevHash: 'f'.repeat(64) }
    const broken = {
      ...page,
      events: page.events.map((e) =>
        e.seq === 5 ? { ...relinked, hash: hashEvent(relinked) } : e,
      ),
    }
    expect(checkPage(broken, expected)?.code).toBe('chain_broken')
    expect(checkPage({ ...page, prevHash: 'e'.repeat(64) }, expected)?.code).toBe('chain_broken')
    expect(checkPage({ ...page, toHash: 'e'.repeat(64) }, expected)?.code).toBe('chain_broken')
  })

  it('leaves a link across a filtered gap unchecked: the event that would close it is not released', () => {
    const gap = pageOf(chain, { after: 3, limit: 5, keep: (e) => e.seq !== 5 })
    const sixth = gap.events.find((e) => e.seq === 6)!
    expect(sixth.prevHash).toBe(chain[4]!.hash)
    expect(checkPage(gap, expected)).toBeNull()
  })

  it('refuses a range that contradicts itself', () => {
    expect(checkPage({ ...page, truncated: !page.truncated }, expected)?.code).toBe('malformed')
    expect(checkPage({ ...page, head: page.to - 1 }, expected)?.code).toBe('malformed')
    expect(checkPage({ ...page, events: [...page.events].reverse() }, expected)?.code).toBe(
      'malformed',
    )
  })
})
