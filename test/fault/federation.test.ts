/**
 * Federation under faults (issue 9, "Proof"): three partner nodes — US, JP, AU — as real `kizuna serve`
 * processes on loopback, each on its own SQLite file and organisation, pulling from each other through
 * a proxy per link that misbehaves on command. After each fault the nodes converge: every node's
 * replica events of a home are exactly that home's events released to the node's organisation (worked
 * out from the home's own database file), and `kizuna verify` passes on every node.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NodeKey } from '../../src/app/ports.js'
import { signedPageText, splitSignedPage } from '../../src/domain/federation/page.js'
import { fakeNode, signedHeaders } from '../support/federation.js'
import { checkpoint, converge, head, replicas, verifyAll } from './federation-audit.js'
import {
  byName,
  createPlace,
  type FedNode,
  importRequests,
  type Name,
  orgIds,
  peerStatus,
  restartNode,
  startPartners,
  statusUntil,
  writeTraffic,
} from './federation-nodes.js'
import type { PageProxy } from './federation-proxy.js'
import { cleanup, log, sleep } from './harness.js'

let nodes: FedNode[] = []
afterAll(async () => {
  for (const node of nodes) {
    node.api.close()
    for (const proxy of node.links.values()) await proxy.close()
  }
  await cleanup()
})

const link = (puller: FedNode, home: FedNode) => puller.links.get(home.name) as PageProxy
const eventsPath = (after: number, limit = 1000) => `/api/sync/events?after=${after}&limit=${limit}`

/** A pull request as `asker` would sign it, straight to `home` (no proxy). */
async function ask(
  asker: { id: string; key: NodeKey },
  home: FedNode,
  after: number,
  limit = 5000,
) {
  const path = eventsPath(after, limit)
  const headers = signedHeaders(asker, home.id, path, new Date().toISOString())
  const reply = await fetch(`${home.server.base}${path}`, { headers })
  return { status: reply.status, text: await reply.text() }
}

/** The page text re-signed with `key` after `change`: what a node holding that key could send. */
const resigned =
  (key: NodeKey, change: (pageText: string) => string = (t) => t) =>
  (text: string) => {
    const signed = splitSignedPage(text)
    if (!signed) return text
    const page = change(signed.pageText)
    return signedPageText(page, key.sign(Buffer.from(page, 'utf8')))
  }

describe('three partner nodes (US, JP, AU) pulling from each other on loopback', () => {
  let us: FedNode
  let jp: FedNode
  let au: FedNode
  const hubs = new Map<Name, { id: string; code: string }>()
  const hub = (name: Name) => (hubs.get(name) as { id: string }).id
  /** Per home: a place kept `own`, and one shared only with `partner`. */
  const kept = new Map<Name, { own: string; partnerOnly: string; partner: Name }>()

  async function check(what: string): Promise<void> {
    const mismatches = await converge(nodes, what)
    expect(mismatches, mismatches.join('\n')).toEqual([])
    const verified = await verifyAll(nodes)
    expect(verified).toEqual({ US: 'ok', JP: 'ok', AU: 'ok' })
  }

  beforeAll(async () => {
    const started = Date.now()
    nodes = await startPartners()
    ;[us, jp, au] = [byName(nodes, 'US'), byName(nodes, 'JP'), byName(nodes, 'AU')]
    log(`three nodes made, registered and serving in ${Date.now() - started} ms`)
  }, 240_000)

  it('replicates what each partner releases to each other partner, and nothing else', async () => {
    const next: Record<Name, Name> = { US: 'JP', JP: 'AU', AU: 'US' }
    await Promise.all(
      nodes.map(async (node) => {
        const partner = next[node.name]
        const partnerOrg = (await orgIds(node)).get(byName(nodes, partner).code) as string
        hubs.set(node.name, await createPlace(node, `${node.name} relief hub`, 'all'))
        await writeTraffic(node, hub(node.name), 120)
        const own = await createPlace(node, `${node.name} own depot`, 'own')
        const forPartner = await createPlace(
          node,
          `${node.name} point for ${partner}`,
          [partnerOrg],
          'distribution-point',
        )
        kept.set(node.name, { own: own.id, partnerOnly: forPartner.id, partner })
      }),
    )
    await check('first exchange')

    for (const home of nodes) {
      const { own, partnerOnly, partner } = kept.get(home.name) as NonNullable<
        ReturnType<typeof kept.get>
      >
      for (const node of nodes)
        if (node !== home) {
          const subjects = new Set(replicas(node, home).map((r) => r.subject))
          expect(subjects.has(own), `${home.name}'s own depot on ${node.name}`).toBe(false)
          expect(
            subjects.has(partnerOnly),
            `${home.name}'s place for ${partner} on ${node.name}`,
          ).toBe(node.name === partner)
          expect(subjects.has(hub(home.name))).toBe(true)
        }
    }

    // AU asks US for its whole log: US's own depot and its point for JP are filtered out of a page
    // that covers their seqs (a gap, not a truncation).
    const answer = await ask(au, us, 0)
    expect(answer.status).toBe(200)
    const page = JSON.parse(answer.text).page as {
      from: number
      to: number
      truncated: boolean
      events: { seq: number; subject: string }[]
    }
    expect(page.events.map((e) => e.seq)).toEqual(replicas(au, us).map((r) => r.seq))
    expect([page.from, page.to, page.truncated]).toEqual([1, head(us), false])
    const subjects = page.events.map((e) => e.subject)
    const usKept = kept.get('US') as { own: string; partnerOnly: string }
    expect(subjects).toContain(hub('US'))
    expect(subjects).not.toContain(usKept.own)
    expect(subjects).not.toContain(usKept.partnerOnly)

    // A node US does not know, and JP's request signed with another node's key, are refused.
    const stranger = await ask(fakeNode(), us, 0)
    expect([stranger.status, JSON.parse(stranger.text).error.details.reason]).toEqual([
      403,
      'unknown_peer',
    ])
    const forged = await ask({ id: jp.id, key: au.key }, us, 0)
    expect([forged.status, JSON.parse(forged.text).error.details.reason]).toEqual([
      401,
      'bad_signature',
    ])
  })

  it('heals a partition: AU cut off from both while all three keep writing', async () => {
    const cut = [link(au, us), link(au, jp), link(us, au), link(jp, au)]
    const since = new Date().toISOString()
    for (const proxy of cut) proxy.behave({ kind: 'down' })
    await Promise.all(nodes.map((n) => writeTraffic(n, hub(n.name), 30)))
    const unreachable = (s: Awaited<ReturnType<typeof peerStatus>>) =>
      (s.sync.lastErrorAt ?? '') > since && /could not reach/.test(s.sync.lastError ?? '')
    await Promise.all([
      statusUntil(us, au, unreachable, 'US sees AU unreachable'),
      statusUntil(jp, au, unreachable, 'JP sees AU unreachable'),
      statusUntil(au, us, unreachable, 'AU sees US unreachable'),
      statusUntil(au, jp, unreachable, 'AU sees JP unreachable'),
    ])
    // US and JP still exchange; AU works on alone.
    for (
      let i = 0;
      checkpoint(us, jp).seq !== head(jp) || checkpoint(jp, us).seq !== head(us);
      i++
    ) {
      expect(i, 'US and JP keep exchanging during the partition').toBeLessThan(120)
      await sleep(250)
    }
    expect(checkpoint(au, us).seq).toBeLessThan(head(us))
    expect(checkpoint(au, jp).seq).toBeLessThan(head(jp))
    expect(checkpoint(us, au).seq).toBeLessThan(head(au))
    for (const proxy of cut) proxy.behave({ kind: 'pass' })
    await check('partition healed')
  })

  it('resumes a catch-up after the asker is killed in the middle of it, redoing at most one page', async () => {
    const proxy = link(jp, us)
    proxy.behave({ kind: 'down' })
    await importRequests(us, (hubs.get('US') as { code: string }).code, 3000)
    const before = checkpoint(jp, us).seq
    const backlog = head(us) - before
    expect(backlog).toBeGreaterThanOrEqual(3000)
    const mark = proxy.asks.length
    proxy.behave({ kind: 'hold', ms: 1500 })
    // Pages of 1000 seqs, one after the other: the third is asked only once the second is applied.
    for (let i = 0; ; i++) {
      const asks = proxy.asks.slice(mark)
      if (asks.length >= 3 && !asks[2]?.answered) break
      expect(i, 'JP asks for the third page').toBeLessThan(240)
      await sleep(250)
    }
    const inFlight = proxy.asks[mark + 2]?.after as number
    expect(proxy.asks.slice(mark, mark + 3).map((a) => a.after)).toEqual([
      before,
      before + 1000,
      before + 2000,
    ])
    expect(await jp.server.kill('SIGKILL')).toBe('SIGKILL')
    // The page in flight was not applied; the two before it were, each with its checkpoint.
    expect(checkpoint(jp, us).seq).toBe(inFlight)
    expect(replicas(jp, us).filter((r) => r.seq > inFlight)).toEqual([])
    const restartMark = proxy.asks.length
    proxy.behave({ kind: 'pass' })
    await restartNode(jp, nodes)
    await check('JP restarted in the middle of a catch-up')
    const redone = proxy.asks.slice(restartMark).map((a) => a.after)
    log(
      `JP killed asking after ${inFlight} (backlog ${backlog}); after the restart it asked after ${redone.join(', ')}`,
    )
    expect(redone[0]).toBe(inFlight)
  })

  it('refuses tampered, unsigned, wrongly signed and cut pages, applies nothing, reports it, and heals', async () => {
    const proxy = link(jp, us)
    const marker = `Marker depot ${randomBytes(4).toString('hex')}`
    const tamper = (text: string) => text.replace(marker, `${marker.slice(0, -4)}ffff`)
    const held = { replicas: replicas(jp, us).length, seq: checkpoint(jp, us).seq }
    const cases = [
      ['tampered', tamper, 'bad_signature'],
      ["tampered and re-signed with the home's own key", resigned(us.key, tamper), 'hash_mismatch'],
      [
        'unsigned',
        (text: string) => `{"page":${splitSignedPage(text)?.pageText ?? text}}`,
        'unsigned',
      ],
      ["signed with another node's key (AU's)", resigned(au.key), 'bad_signature'],
      [
        'cut short in transit',
        (text: string) => text.slice(0, Math.floor(text.length / 2)),
        'unsigned',
      ],
    ] as const
    let first = true
    for (const [what, change, code] of cases) {
      const since = new Date().toISOString()
      proxy.behave({ kind: 'alter', change })
      if (first) {
        // Written once the link misbehaves: every page JP gets from now on carries these events.
        await createPlace(us, marker, 'all')
        await writeTraffic(us, hub('US'), 7)
        first = false
      }
      const status = await statusUntil(
        jp,
        us,
        (s) => (s.sync.lastErrorAt ?? '') > since && (s.sync.lastError ?? '').includes(`(${code})`),
        `a page ${what}`,
      )
      log(`a page ${what}: ${status.sync.lastError}`)
      expect(status.sync.lastError).toMatch(new RegExp(`^page refused \\(${code}\\)`))
      expect({ replicas: replicas(jp, us).length, seq: checkpoint(jp, us).seq }, what).toEqual(held)
    }
    proxy.behave({ kind: 'pass' })
    await check('good pages again after bad ones')
    const status = await peerStatus(jp, us)
    expect(
      status.sync.lastSuccessAt && status.sync.lastSuccessAt > (status.sync.lastErrorAt ?? ''),
    ).toBe(true)
    expect(status.sync.failures).toBe(0)
  })

  it('takes duplicated and reordered pages in its stride: nothing applied twice or out of turn', async () => {
    const proxy = link(jp, us)
    const old = proxy.lastPageWithEvents as string
    expect(old).toContain('"events":[{')
    const held = () => ({ replicas: replicas(jp, us).length, seq: checkpoint(jp, us).seq })
    const before = held()
    const since = new Date().toISOString()

    // An earlier page delivered again, while US has news for JP.
    proxy.behave({ kind: 'answer', answer: async () => ({ status: 200, text: old }) })
    await writeTraffic(us, hub('US'), 3)
    const servedBefore = proxy.served
    for (let i = 0; proxy.served <= servedBefore; i++) {
      expect(i, 'JP asks again').toBeLessThan(120)
      await sleep(250)
    }
    expect(held(), 'after a duplicated page').toEqual(before)

    // A later page (after the next event) delivered before the one JP asked for.
    proxy.behave({
      kind: 'answer',
      answer: (after) => ask(jp, us, after + 1, 1000),
    })
    for (let i = 0; proxy.served < 2; i++) {
      expect(i, 'JP asks again').toBeLessThan(120)
      await sleep(250)
    }
    expect(held(), 'after a page ahead of the checkpoint').toEqual(before)
    const status = await peerStatus(jp, us)
    expect(status.sync.lastErrorAt === null || status.sync.lastErrorAt < since).toBe(true)

    proxy.behave({ kind: 'pass' })
    await check('pages in order again')
  })

  it('refuses a suspended peer, says so on both sides, and catches it up once resumed', async () => {
    const reason = 'fault test: link under review'
    const current = await peerStatus(us, jp)
    const suspended = await us.api.patch(`/api/peers/${jp.id}`, {
      action: 'suspend',
      version: current.version,
      reason,
    })
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200)
    const since = new Date().toISOString()
    // A pull of JP's that began before the suspension ends before JP writes anything new.
    await sleep(2000)
    await Promise.all([writeTraffic(us, hub('US'), 11), writeTraffic(jp, hub('JP'), 13)])
    const refused = await ask(jp, us, checkpoint(jp, us).seq)
    expect([refused.status, JSON.parse(refused.text).error.details.reason]).toEqual([
      403,
      'suspended_peer',
    ])
    const seen = await statusUntil(
      jp,
      us,
      (s) => (s.sync.lastErrorAt ?? '') > since && /is suspended/.test(s.sync.lastError ?? ''),
      'JP told it is suspended',
    )
    expect(seen.sync.lastError).toContain(reason)
    const onUs = await peerStatus(us, jp)
    expect([onUs.status, onUs.statusReason]).toEqual(['suspended', reason])
    expect(checkpoint(jp, us).seq).toBeLessThan(head(us))
    expect(checkpoint(us, jp).seq, 'US does not pull from a suspended peer').toBeLessThan(head(jp))

    const resumed = await us.api.patch(`/api/peers/${jp.id}`, {
      action: 'reactivate',
      version: onUs.version,
    })
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200)
    await check('suspended peer resumed')
  })
})
