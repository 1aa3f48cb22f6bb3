/**
 * `kizuna peer`, `kizuna sync` and `kizuna key rotate` as an admin runs them, on a SQLite node, with a
 * second node served in this process for the node to pull from.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganisation } from '../../src/app/organisations.js'
import { addPeer } from '../../src/app/peers.js'
import { createPlace } from '../../src/app/places.js'
import { buildApp } from '../../src/server/build-app.js'
import { createFederation } from '../../src/sync/federation.js'
import { runKizuna } from '../support/cli.js'
import { keyLine } from '../support/federation.js'
import { placeDraft } from '../support/fixtures.js'
import { openTestNode, type TestNode } from '../support/stores.js'

describe('kizuna peer, sync and key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-federation-'))
  const db = join(dir, 'node.sqlite')
  const run = (...args: string[]) => runKizuna([...args, '--db', db])
  let other: TestNode
  let app: Awaited<ReturnType<typeof buildApp>>
  let otherUrl: string
  let self: { id: string; organisation: { code: string }; publicKeyLine: string }

  beforeAll(async () => {
    const init = await runKizuna(['init', '--db', db])
    expect(init.code, init.stderr).toBe(0)
    // The other node runs here, with its clock now: the CLI signs its requests with the real time.
    other = await openTestNode('sqlite')
    other.clock.set(new Date().toISOString())
    app = await buildApp({
      ctx: other.ctx,
      federation: createFederation({ ctx: other.ctx, key: other.key }),
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    otherUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const printed = await run('peer', 'self', '--json', '--url', 'http://cli-node.example:8080')
    expect(printed.code, printed.stderr).toBe(0)
    self = JSON.parse(printed.stdout)
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await other?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("prints the node's identity with the command that registers it on the other side", async () => {
    const printed = await run('peer', 'self', '--url', 'http://cli-node.example:8080')
    expect(printed.code, printed.stderr).toBe(0)
    expect(printed.stdout).toContain(`node\t${self.id}\n`)
    expect(printed.stdout).toContain(`public key\t${self.publicKeyLine}\n`)
    expect(printed.stdout).toContain(
      `kizuna peer add --id ${self.id} --org ${self.organisation.code} --org-name "Relief hub operator" --org-kind government --url http://cli-node.example:8080 --public-key ${self.publicKeyLine}`,
    )
  })

  it('registers a peer (and its organisation), lists, suspends and resumes it, and pulls from it', async () => {
    // The other node's admin registers this one, as `peer self` told.
    const otherCli = { kind: 'cli' as const, id: 'test', org: other.ctx.node.org }
    const admin = { ...otherCli, kind: 'user' as const, userId: 'test', roles: ['admin' as const] }
    const { organisation } = await createOrganisation(other.ctx, admin, {
      code: self.organisation.code,
      nameEn: 'The CLI node',
      nameJa: null,
      country: 'JP',
      kind: 'government',
    })
    await addPeer(other.ctx, otherCli, {
      id: self.id,
      organisation: organisation.id,
      url: 'http://cli-node.example:8080',
      publicKey: self.publicKeyLine,
    })
    const shared = await createPlace(
      other.ctx,
      otherCli,
      placeDraft({ code: 'HUB:SHARED-WITH-CLI', share: [organisation.id] }),
    )
    await createPlace(other.ctx, otherCli, placeDraft({ code: 'HUB:KEPT', share: 'own' }))

    const missingOrg = await run(
      'peer',
      'add',
      '--id',
      other.ctx.node.id,
      '--org',
      'US-INDOPACOM',
      '--url',
      otherUrl,
      '--public-key',
      keyLine(other.key),
    )
    expect(missingOrg.code).toBe(2)
    expect(missingOrg.stderr).toContain('--org: no organisation "US-INDOPACOM" on this node')
    const added = await run(
      'peer',
      'add',
      '--id',
      other.ctx.node.id,
      '--org',
      'US-INDOPACOM',
      '--org-name',
      'U.S. Indo-Pacific Command',
      '--org-kind',
      'military',
      '--url',
      otherUrl,
      '--public-key',
      keyLine(other.key),
    )
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toBe(
      `Registered.\n${other.ctx.node.id}\tUS-INDOPACOM\t${otherUrl}\tactive\n`,
    )

    const suspended = await run('peer', 'suspend', other.ctx.node.id, '--reason', 'audit')
    expect(suspended.code, suspended.stderr).toBe(0)
    const refused = await run('sync', '--peer', other.ctx.node.id)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain('failed')
    expect(refused.stdout).toContain('is suspended; reactivate it first')
    expect((await run('peer', 'resume', other.ctx.node.id)).code).toBe(0)

    const synced = await run('sync')
    expect(synced.code, synced.stderr + synced.stdout).toBe(0)
    const head = (await other.store.readChainHead()).seq
    expect(synced.stdout).toMatch(
      new RegExp(
        `^${other.ctx.node.id}\\tcaught up\\tat seq ${head} of ${head}\\t\\d+ events received\\n$`,
      ),
    )
    const listed = await run('peer', 'list')
    expect(listed.stdout.split('\n')[1]).toMatch(
      new RegExp(
        `^${other.ctx.node.id}\\tUS-INDOPACOM\\t${otherUrl}\\tactive\\t${head}\\t${head}\\t0\\t\\d{4}-[^\\t]+\\t$`,
      ),
    )
    expect(shared.place.id).toBeTruthy()

    const unknown = await run('sync', '--peer', self.id)
    expect(unknown.code).toBe(65)
    expect(unknown.stderr).toContain(`no peer ${self.id}`)
  })

  it('rotates the node key, keeps the old one listed, and the log still verifies', async () => {
    const rotated = await run('key', 'rotate')
    expect(rotated.code, rotated.stderr).toBe(0)
    const newKey = /new public key\t(\S+)/.exec(rotated.stdout)?.[1]
    expect(newKey).toBeDefined()
    expect(newKey).not.toBe(self.publicKeyLine)
    expect(rotated.stdout).toMatch(
      new RegExp(
        `kizuna peer rotate-key ${self.id} --public-key ${newKey?.replace(/[+/]/g, '\\$&')} --old-valid-to \\d+`,
      ),
    )
    // A write after the rotation: its head is signed with the new key.
    const afterwards = await run('peer', 'suspend', other.ctx.node.id, '--reason', 'rotated')
    expect(afterwards.code, afterwards.stderr).toBe(0)
    const verified = await run('verify')
    expect(verified.code, verified.stdout).toBe(0)
    expect(verified.stdout).toMatch(/^OK: \d+ events in an unbroken chain/)
    const printed = await run('peer', 'self')
    expect(printed.stdout).toContain(`public key\t${newKey}\n`)
    expect(printed.stdout).toMatch(
      new RegExp(
        `retired key\\t${self.publicKeyLine.replace(/[+/]/g, '\\$&')}\\tvalid to seq \\d+`,
      ),
    )
  })
})
