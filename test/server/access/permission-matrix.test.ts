/**
 * The permission matrix, generated from the app's own route table, on both databases: every /api route
 * declares who may call it, and every caller — nobody, each role of the node's organisation, an admin of
 * another organisation — gets the answer `permissionMatrix` + `may` imply. A refused request writes
 * nothing.
 */
import type { RouteOptions } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { assetTypesFromFile, createAsset } from '../../../src/app/assets.js'
import { createConsignment } from '../../../src/app/consignments.js'
import { createItem } from '../../../src/app/items.js'
import { LedgerWriter } from '../../../src/app/ledger-writer.js'
import { createOperation } from '../../../src/app/operations.js'
import { createOrganisation } from '../../../src/app/organisations.js'
import { addPeer } from '../../../src/app/peers.js'
import { createPlace } from '../../../src/app/places.js'
import { createPledge } from '../../../src/app/pledges.js'
import { actOnCapability, actOnRequest, createRequest } from '../../../src/app/requests.js'
import { deriveRouteNetwork } from '../../../src/app/route-network.js'
import { receiveStock } from '../../../src/app/stock.js'
import { createToken, createUser } from '../../../src/app/users.js'
import { may, type Principal, type Role, roles } from '../../../src/domain/access/permissions.js'
import { buildApp } from '../../../src/server/build-app.js'
import type { RouteAccess } from '../../../src/server/plugins/access.js'
import { bundledAssetTypesPath } from '../../../src/server/routes/transport.js'
import { tokenHeaders } from '../../support/callers.js'
import { fakeNode, keyLine } from '../../support/federation.js'
import { itemDraft, placeDraft } from '../../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../../support/stores.js'

/*
 * How the route table is read. Fastify 5 has no public API that lists the registered routes with their
 * options: `printRoutes()` is a text tree for people (and its `includeMeta` prints the router's store,
 * which does not show the route's `config`), `hasRoute`/`findRoute` need a method and URL already known,
 * and an `onRoute` hook only sees routes added after it — but `buildApp` creates the instance and adds
 * every route before it returns. So this file wraps the `fastify` factory (vi.mock below) so that each
 * instance gets an `onRoute` hook the moment it is created, before buildApp registers anything. The hook
 * receives every route's options exactly as Fastify registers them — method, full URL with any plugin
 * prefix, and `config` — including routes added by plugins (Swagger UI), the HEAD routes Fastify adds
 * for GETs, and any route added in future. Two cross-checks keep the capture honest: every captured
 * route is one `app.hasRoute` knows, and every path of the OpenAPI document is among those captured.
 */
const captured = vi.hoisted(() => ({ routes: [] as RouteOptions[] }))
vi.mock('fastify', async (importOriginal) => {
  const original = await importOriginal<typeof import('fastify')>()
  const factory = original.default as unknown as (options?: unknown) => {
    addHook(name: 'onRoute', hook: (route: RouteOptions) => void): void
  }
  const wrapped = (options?: unknown) => {
    const app = factory(options)
    app.addHook('onRoute', (route) => {
      captured.routes.push(route)
    })
    return app
  }
  return { ...original, default: wrapped, fastify: wrapped }
})

interface Route {
  readonly method: string
  readonly url: string
  readonly access: RouteAccess | undefined
}

/** Builds an app and returns its routes, one per method and URL. */
async function buildAndCapture(node: TestNode, options: { rateLimitPerMinute?: number } = {}) {
  captured.routes = []
  const app = await buildApp({ ctx: node.ctx, ...options })
  const seen = new Map<string, Route>()
  for (const route of captured.routes) {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      const access = (route.config as { access?: RouteAccess } | undefined)?.access
      seen.set(`${method} ${route.url}`, { method, url: route.url, access })
    }
  }
  captured.routes = []
  return { app, routes: [...seen.values()] }
}

const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/')
const isApi = (url: string) => url === '/api' || url.startsWith('/api/')

// The route table, read once when the tests are collected, so each route gets a test of its own.
const routeTable: Route[] = await (async () => {
  const node = await openTestNode('sqlite')
  try {
    const { app, routes } = await buildAndCapture(node)
    await app.close()
    return routes.filter((route) => isApi(route.url))
  } finally {
    await node.close()
  }
})()

const PASSWORD = 'correct horse battery staple'

interface Caller {
  readonly name: string
  readonly headers: Record<string, string>
  /** Null for the caller without credentials. */
  readonly principal: Principal | null
}

/** `record-level`: the role may, but the record decides (its organisation, who was tasked): 403 or not refused. */
type Expectation = 'not-refused' | 'record-level' | 401 | 403

function expectation(
  access: RouteAccess | undefined,
  url: string,
  caller: Caller,
  nodeOrg: string,
): Expectation {
  if (access === 'open' || isDocs(url)) return 'not-refused'
  if (!caller.principal) return 401
  // A route that declares nothing is refused to everyone (plugins/access.ts).
  if (access === undefined) return 403
  if (access === 'signed-in') return 'not-refused'
  if (!may(caller.principal, access.action, access.resource, nodeOrg)) return 403
  // Beyond the role: a record is changed only by its own organisation. The records these routes
  // change were made by the node's organisation, so another organisation's admin is refused (403).
  if (
    /^\/api\/(items|places|operations)\/:id$/.test(url) &&
    access.action === 'write' &&
    caller.principal.org !== nodeOrg
  )
    return 403
  // A consignment is acted on by the organisations of its origin and destination (the node's here);
  // the receipt's body is refused for its shape first, so only "not 401" is asked of it.
  if (/^\/api\/consignments\/:id\/receive$/.test(url)) return 'record-level'
  if (
    /^\/api\/consignments\/:id\/(load|dispatch|arrive|cancel|proof|events)$/.test(url) &&
    caller.principal.org !== nodeOrg
  )
    return 403
  // A proposal is decided by the organisation that runs its origin (the node's here).
  if (/^\/api\/proposals\/:id\/(accept|decline)$/.test(url) && caller.principal.org !== nodeOrg)
    return 403
  // A proposal is withdrawn only at its home: the matrix's is a peer's replica, refused to everyone.
  if (/^\/api\/proposals\/:id\/withdraw$/.test(url)) return 403
  // Only the requesting organisation submits or cancels its request (made here by the node's).
  if (/^\/api\/requests\/:id\/(submit|cancel)$/.test(url) && caller.principal.org !== nodeOrg)
    return 403
  // Only the organisation tasked with a capability line answers the tasking; the line used here is
  // tasked to the node's organisation (beforeAll), so another organisation's admin is refused.
  if (
    /\/lines\/:lineId\/(accept|decline|start|complete)$/.test(url) &&
    caller.principal.org !== nodeOrg
  )
    return 403
  return 'not-refused'
}

const describeAccess = (access: RouteAccess | undefined) =>
  access === undefined
    ? 'no declared access'
    : typeof access === 'string'
      ? access
      : `${access.action} ${access.resource}`

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`permission matrix on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let routes: Route[]
    let callers: Caller[]
    let nodeOrg: string
    /** Ids of real records for path parameters, by the first segment after /api. */
    const ids: Record<string, string> = {}
    let loginUsername: string
    let counter = 0

    beforeAll(async () => {
      node = await openTestNode(dialect.name)
      const captureResult = await buildAndCapture(node)
      app = captureResult.app
      routes = captureResult.routes.filter((route) => isApi(route.url))
      nodeOrg = node.ctx.node.org
      const setup: Principal = {
        kind: 'user',
        id: 'matrix-setup',
        userId: 'matrix-setup',
        org: nodeOrg,
        roles: ['admin'],
      }
      const other = await createOrganisation(node.ctx, setup, {
        code: 'OTHER-ORG',
        nameEn: 'Another organisation',
        nameJa: null,
        country: 'AU',
        kind: 'ngo',
      })
      const otherOrg = other.organisation.id
      callers = [{ name: 'no credentials', headers: {}, principal: null }]
      // Users are created side by side: each costs a scrypt hash.
      const nodeCallers = await Promise.all(roles.map((role) => tokenHeaders(node.ctx, [role])))
      for (const [i, role] of roles.entries()) {
        const caller = nodeCallers[i] as Awaited<ReturnType<typeof tokenHeaders>>
        callers.push({
          name: `${role} of the node's organisation`,
          headers: { authorization: caller.authorization },
          principal: { kind: 'token', id: 't', userId: caller.userId, org: nodeOrg, roles: [role] },
        })
      }
      const partnerAdmin = await tokenHeaders(node.ctx, ['admin'], otherOrg)
      callers.push({
        name: 'admin of another organisation',
        headers: { authorization: partnerAdmin.authorization },
        principal: {
          kind: 'token',
          id: 't',
          userId: partnerAdmin.userId,
          org: otherOrg,
          roles: ['admin'],
        },
      })

      const actor = { kind: 'user' as const, id: 'matrix-setup', org: nodeOrg }
      const item = await createItem(node.ctx, actor, itemDraft({ code: 'KZ-MATRIX-ITEM' }))
      const place = await createPlace(node.ctx, actor, placeDraft({ code: 'HUB:MATRIX' }))
      const target = await createUser(node.ctx, 'cli', {
        username: 'matrix-target',
        displayName: 'Target of user routes',
        roles: ['viewer'],
        password: PASSWORD,
      })
      const targetToken = await createToken(node.ctx, 'cli', {
        name: 'target of token routes',
        role: 'viewer',
        userId: target.user.id,
      })
      const login = await createUser(node.ctx, 'cli', {
        username: 'matrix-login',
        displayName: null,
        roles: ['viewer'],
        password: PASSWORD,
      })
      loginUsername = login.user.username
      ids.items = item.item.id
      ids.places = place.place.id
      ids.users = target.user.id
      ids.tokens = targetToken.token.id
      ids.organisations = otherOrg
      // A stock account, for the stock card route.
      const received = await receiveStock(
        { ctx: node.ctx, writer: new LedgerWriter(node.ctx) },
        { kind: 'cli', id: 'matrix', org: nodeOrg },
        {
          id: uuidv7(),
          place: place.place.id,
          item: item.item.id,
          owner: nodeOrg,
          quantity: 5,
          source: 'matrix',
        },
      )
      ids.stock = received.transfers[0]?.toAccount ?? ''
      const request = await createRequest(
        node.ctx,
        { kind: 'cli', id: 'matrix', org: nodeOrg },
        {
          destination: place.place.id,
          neededBy: '2030-01-01T00:00:00Z',
          lines: [
            { kind: 'capability', capability: 'airlift', description: 'matrix', priority: 'other' },
          ],
        },
      )
      ids.requests = request.request.id
      ids.requestLine = request.request.lines[0]?.id ?? ''
      // Validated and its capability line tasked to the node's own organisation, so that answering
      // the tasking is decided by who is tasked, not refused for the line's state alone.
      const hub = { kind: 'cli' as const, id: 'matrix', org: nodeOrg }
      await actOnRequest(node.ctx, hub, ids.requests, 'submit')
      await actOnRequest(node.ctx, hub, ids.requests, 'validate')
      await actOnCapability(node.ctx, hub, ids.requests, ids.requestLine, 'task', {
        partner: nodeOrg,
      })
      const pledge = await createPledge(
        node.ctx,
        { kind: 'cli', id: 'matrix', org: nodeOrg },
        { kind: 'capability', capability: 'airlift', quantity: 1 },
      )
      ids.pledges = pledge.id
      // An asset, and the road leg derived between the matrix hub and a second place nearby.
      const setupActor = { kind: 'cli' as const, id: 'matrix', org: nodeOrg }
      const near = await createPlace(
        node.ctx,
        setupActor,
        placeDraft({ code: 'HUB:MATRIX-NEAR', lat: 36.52 }),
      )
      // A planned consignment of 1 of the 5 received, for the consignment routes.
      const consignment = await createConsignment(
        { ctx: node.ctx, writer: new LedgerWriter(node.ctx) },
        setupActor,
        {
          origin: place.place.id,
          destination: near.place.id,
          lines: [{ item: item.item.id, owner: nodeOrg, quantity: 1 }],
        },
      )
      ids.consignments = consignment.consignment.id
      await deriveRouteNetwork(node.ctx, setupActor)
      ids.legs = (await node.ctx.store.listLegs({ limit: 1, offset: 0 })).rows[0]?.id ?? ''
      const asset = await createAsset(
        node.ctx,
        setupActor,
        { type: 'TRUCK-4T', name: 'Matrix truck', base: place.place.id },
        await assetTypesFromFile(bundledAssetTypesPath)(),
      )
      ids.assets = asset.asset.id
      const operation = await createOperation(node.ctx, setupActor, {
        name: 'Matrix operation',
        startedOn: '2024-01-01',
      })
      ids.operations = operation.id
      const peer = fakeNode()
      await addPeer(node.ctx, setupActor, {
        id: peer.id,
        organisation: otherOrg,
        url: 'https://peer.example',
        publicKey: keyLine(peer.key),
      })
      ids.peers = peer.id
      // A plan of the node's organisation (no solver here: it is stored failed at once).
      const nodeAdmin = callers.find((c) => c.name === "admin of the node's organisation")
      const planned = await app.inject({
        method: 'POST',
        url: '/api/plans',
        headers: nodeAdmin?.headers ?? {},
        payload: { horizonHours: 24 },
      })
      ids.plans = (planned.json() as { id: string }).id
      // A proposal of the peer's plan (a replica here) asking for the matrix hub's stock.
      const at = node.clock.now().toISOString()
      await node.store.transact(async (tx) => {
        await tx.insertProposal({
          id: uuidv7(),
          home: peer.id,
          org: otherOrg,
          share: [nodeOrg],
          createdAt: at,
          updatedAt: at,
          version: 1,
          plan: uuidv7(),
          sortie: 'asset/1',
          peer: node.ctx.node.id,
          origin: place.place.id,
          destination: near.place.id,
          route: [],
          asset: null,
          departure: at,
          eta: at,
          neededBy: null,
          lines: [
            {
              item: item.item.id,
              owner: nodeOrg,
              lot: '',
              quantity: 1,
              request: uuidv7(),
              requestLine: uuidv7(),
            },
          ],
          note: null,
        })
      })
      ids.proposals =
        (await node.ctx.store.listProposals({ limit: 1, offset: 0 }, null)).rows[0]?.id ?? ''
    })

    afterAll(async () => {
      await app?.close()
      await node?.close()
    })

    const eventCount = async () => (await node.store.readEvents(0, 1e6)).length

    /** The URL with each path parameter filled with a real record's id. */
    function fill(url: string): string {
      const resource = url.split('/')[2] ?? ''
      return url
        .replace(/:id\b/g, () => {
          const id = ids[resource]
          if (!id)
            throw new Error(`no record to fill ${url}: add one for "${resource}" in beforeAll`)
          return id
        })
        .replace(/:lineId\b/g, () => ids.requestLine ?? '')
        .replace(/\*$/, 'index.html')
    }

    /**
     * A body the route accepts, for a caller; the point is the status class, so a write may still be
     * refused for its content (409, 404) — but never for who sends it unless the matrix says so. The
     * sign-in route gets real credentials: with wrong ones it answers 401 by design.
     */
    function bodyFor(method: string, url: string, caller: Caller): unknown {
      counter += 1
      const n = `${counter}`
      const held = (caller.principal?.roles ?? ['viewer']) as Role[]
      const bodies: Record<string, () => unknown> = {
        'POST /api/auth/login': () => ({ username: loginUsername, password: PASSWORD }),
        'POST /api/auth/password': () => ({
          currentPassword: 'not the current password',
          newPassword: 'an entirely new password',
        }),
        'POST /api/users': () => ({ username: `matrix-made-${n}`, displayName: null, roles: held }),
        'PATCH /api/users/:id': () => ({ version: 1, displayName: `Renamed ${n}` }),
        'POST /api/tokens': () => ({ name: `matrix ${n}`, role: held[0] }),
        'POST /api/items': () => ({
          code: `KZ-MATRIX-${n}`,
          nameEn: 'Matrix item',
          category: 'wash',
          unit: 'piece',
        }),
        'PATCH /api/items/:id': () => ({ version: 1, nameEn: `Renamed ${n}` }),
        'POST /api/places': () => ({
          code: `HUB:MATRIX-${n}`,
          type: 'hub',
          nameEn: 'Matrix hub',
          lat: 36.5,
          lon: 136.6,
          country: 'JP',
        }),
        'PATCH /api/places/:id': () => ({ version: 1, capacity: counter }),
        'POST /api/places/:id/status': () => ({ status: 'open' }),
        'POST /api/organisations': () => ({
          code: `MATRIX-${n}`,
          nameEn: 'Matrix partner',
          kind: 'ngo',
        }),
        'PATCH /api/organisations/:id': () => ({ version: 1, nameEn: `Renamed ${n}` }),
        'PATCH /api/operations/:id': () => ({ version: 1, name: `Renamed ${n}` }),
        // The consignment is planned, so a caller who may gets 409; one who may not, 403 first.
        'POST /api/consignments/:id/events': () => ({ kind: 'position', lat: 36.5, lon: 136.6 }),
        'POST /api/proposals/:id/decline': () => ({ reason: `matrix ${n}` }),
      }
      const build = bodies[`${method} ${url}`]
      if (build) return build()
      return ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined
    }

    it('declares who may call every /api route, apart from the browsable API reference', () => {
      const undeclared = routes
        .filter((route) => !isDocs(route.url) && route.access === undefined)
        .map((route) => `${route.method} ${route.url}`)
      expect(undeclared).toEqual([])
      expect(routes.filter((route) => !isDocs(route.url)).length).toBeGreaterThan(20)
    })

    it('captures the whole route table: each route is known to Fastify and each documented path is captured', async () => {
      for (const route of routes)
        expect(app.hasRoute({ method: route.method as 'GET', url: route.url })).toBe(true)
      const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
        paths: Record<string, Record<string, unknown>>
      }
      const capturedKeys = new Set(routes.map((route) => `${route.method} ${route.url}`))
      for (const [path, operations] of Object.entries(document.paths))
        for (const method of Object.keys(operations))
          expect(capturedKeys).toContain(
            `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
          )
      expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual(
        routeTable.map((r) => `${r.method} ${r.url}`).sort(),
      )
    })

    for (const route of routeTable) {
      it(`answers ${route.method} ${route.url} (${describeAccess(route.access)}) as the matrix says for every caller, and writes nothing when it refuses`, async () => {
        const mismatches: string[] = []
        for (const caller of callers) {
          const expected = expectation(route.access, route.url, caller, nodeOrg)
          const payload = bodyFor(route.method, route.url, caller)
          const before = await eventCount()
          const response = await app.inject({
            method: route.method as 'GET',
            url: fill(route.url),
            headers: caller.headers,
            ...(payload === undefined ? {} : { payload: payload as object }),
          })
          const status = response.statusCode
          const refused = status === 401 || status === 403
          const ok =
            expected === 'not-refused'
              ? !refused
              : expected === 'record-level'
                ? status !== 401
                : status === expected
          if (!ok)
            mismatches.push(
              `${caller.name}: expected ${expected === 'not-refused' ? 'neither 401 nor 403' : expected}, got ${status} ${response.body.slice(0, 160)}`,
            )
          if (refused) {
            const after = await eventCount()
            if (after !== before)
              mismatches.push(
                `${caller.name}: refused with ${status} but ${after - before} event(s) written`,
              )
          }
        }
        expect(mismatches).toEqual([])
      })
    }

    it('refuses a caller without credentials with 401 before it looks at the path or the body', async () => {
      const answers: string[] = []
      for (const route of routes) {
        if (route.access === 'open' || isDocs(route.url) || route.method === 'HEAD') continue
        const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method)
        const response = await app.inject({
          method: route.method as 'GET',
          url: route.url.replace(/:id\b/g, 'not-a-uuid'),
          ...(hasBody ? { payload: { unexpected: true } } : {}),
        })
        if (response.statusCode !== 401)
          answers.push(
            `${route.method} ${route.url}: ${response.statusCode} ${response.body.slice(0, 120)}`,
          )
      }
      expect(answers).toEqual([])
    })

    it('refuses a role the matrix forbids with 403 before it looks at the body', async () => {
      const viewer = callers.find((caller) => caller.name.startsWith('viewer'))
      if (!viewer) throw new Error('no viewer caller')
      const before = await eventCount()
      const response = await app.inject({
        method: 'POST',
        url: '/api/items',
        headers: viewer.headers,
        payload: { code: 'not a valid code' },
      })
      expect(response.statusCode).toBe(403)
      expect(response.json().error.code).toBe('forbidden')
      expect(await eventCount()).toBe(before)
    })

    it('refuses a route that declares no access to every caller, even an admin of the node', async () => {
      const extra = await buildAndCapture(node)
      extra.app.get('/api/undeclared-for-test', async () => ({ secret: 'should not be served' }))
      const admin = callers.find((caller) => caller.name.startsWith('admin of the node'))
      if (!admin) throw new Error('no admin caller')
      const anonymous = await extra.app.inject({ method: 'GET', url: '/api/undeclared-for-test' })
      const asAdmin = await extra.app.inject({
        method: 'GET',
        url: '/api/undeclared-for-test',
        headers: admin.headers,
      })
      await extra.app.close()
      expect(anonymous.statusCode).toBe(401)
      expect(asAdmin.statusCode).toBe(403)
      expect(asAdmin.body).not.toContain('should not be served')
    })

    it('checks access on the route matched, however its path is spelled', async () => {
      // find-my-way decodes %61 to "a" when matching, so /%61pi/items is the route /api/items.
      const viewer = callers.find((caller) => caller.name.startsWith('viewer'))
      if (!viewer) throw new Error('no viewer caller')
      const before = await eventCount()
      const response = await app.inject({
        method: 'POST',
        url: '/%61pi/items',
        headers: viewer.headers,
        payload: { code: 'KZ-MATRIX-ENCODED', nameEn: 'Encoded', category: 'wash', unit: 'piece' },
      })
      expect(response.statusCode).toBe(403)
      expect(response.json().error.code).toBe('forbidden')
      expect(await eventCount()).toBe(before)
    })
  })
}
