/**
 * Sign-in, sessions, CSRF, API tokens and the limits that protect them, through `app.inject` on both
 * databases: what an attacker — or a careless client — gets back, and what is (not) written down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createToken, createUser } from '../../../src/app/users.js'
import type { Role } from '../../../src/domain/access/permissions.js'
import { buildApp } from '../../../src/server/build-app.js'
import { tokenHeaders } from '../../support/callers.js'
import { readRawTables, whereFound } from '../../support/raw-tables.js'
import { dialects, openTestNode, type TestNode } from '../../support/stores.js'

const START = '2026-01-02T03:04:05.000Z'
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const later = (ms: number) => new Date(Date.parse(START) + ms).toISOString()

const item = (code: string) => ({
  code,
  nameEn: 'Abuse test item',
  category: 'wash',
  unit: 'piece',
})

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`abuse of sign-in, sessions and tokens on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let webRoot: string
    let admin: { authorization: string }
    let alice: { id: string; username: string; password: string; token: string }
    /** Every password, token and session id handed out here: none may appear in a response or a table cell. */
    const secrets: string[] = []
    /** Every response of this suite, to check none carries a stack trace, SQL or a secret. */
    const responses: { label: string; response: LightMyRequestResponse }[] = []
    let address = 0

    /**
     * Each sign-in comes from its own address unless a test says otherwise: the sign-in route also limits
     * each address to 30 attempts a minute in real time, which would otherwise mix with what a test is about.
     */
    const nextAddress = () => {
      address += 1
      return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`
    }

    async function send(options: InjectOptions, label = `${options.method} ${options.url}`) {
      const response = await app.inject(options)
      responses.push({ label, response })
      return response
    }

    const login = (username: string, password: string, remoteAddress = nextAddress()) =>
      send({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
        remoteAddress,
      })

    /** Signs in and returns the session cookie header and the CSRF token. */
    async function session(username = alice.username, password = alice.password) {
      const response = await login(username, password)
      expect(response.statusCode).toBe(200)
      const cookie = response.cookies.find((c) => c.name === 'kizuna_session')
      if (!cookie) throw new Error('no session cookie')
      secrets.push(cookie.value)
      return { cookie: `kizuna_session=${cookie.value}`, csrf: response.json().csrfToken as string }
    }

    const whoAmI = (headers: Record<string, string>) =>
      send({ method: 'GET', url: '/api/auth/session', headers })

    async function user(username: string, roles: Role[], password = `${username} password 2026`) {
      const created = await createUser(node.ctx, 'cli', {
        username,
        displayName: null,
        roles,
        password,
      })
      secrets.push(password)
      return { id: created.user.id, username, password }
    }

    async function token(userId: string, role: Role, expiresAt?: string) {
      const created = await createToken(node.ctx, 'cli', { name: 'abuse', role, userId, expiresAt })
      secrets.push(created.secret)
      return { id: created.token.id, authorization: `Bearer ${created.secret}` }
    }

    const eventCount = async () => (await node.store.readEvents(0, 1e6)).length

    beforeAll(async () => {
      node = await openTestNode(dialect.name)
      webRoot = mkdtempSync(join(tmpdir(), 'kizuna-web-'))
      writeFileSync(
        join(webRoot, 'index.html'),
        '<!doctype html><title>Kizuna</title><script src="/app.js"></script>',
      )
      writeFileSync(join(webRoot, 'app.js'), 'console.log("kizuna")')
      app = await buildApp({ ctx: node.ctx, webRoot })
      admin = await tokenHeaders(node.ctx, ['admin'])
      secrets.push(admin.authorization.slice('Bearer '.length), 'correct horse battery staple')
      const created = await user('alice', ['logistician', 'viewer'], 'alice in wonderland 2026')
      const aliceToken = await token(created.id, 'logistician')
      alice = { ...created, token: aliceToken.authorization }
    })

    afterEach(() => {
      node.clock.set(START)
    })

    afterAll(async () => {
      await app?.close()
      await node?.close()
      if (webRoot) rmSync(webRoot, { recursive: true, force: true })
    })

    it('signs in with an HttpOnly, SameSite=Strict session cookie and a CSRF token, and answers the session', async () => {
      const response = await login(alice.username, alice.password)
      expect(response.statusCode).toBe(200)
      const setCookie = String(response.headers['set-cookie'])
      expect(setCookie).toMatch(/^kizuna_session=[^;]+;/)
      expect(setCookie).toMatch(/;\s*HttpOnly/i)
      expect(setCookie).toMatch(/;\s*SameSite=Strict/i)
      const body = response.json()
      expect(body.csrfToken).toEqual(expect.any(String))
      expect(body.csrfToken.length).toBeGreaterThanOrEqual(32)
      expect(body.user).toMatchObject({ username: 'alice', roles: ['logistician', 'viewer'] })
      const cookie = response.cookies.find((c) => c.name === 'kizuna_session')
      secrets.push(cookie?.value ?? '')
      const current = await whoAmI({ cookie: `kizuna_session=${cookie?.value}` })
      expect(current.statusCode).toBe(200)
      expect(current.json()).toMatchObject({ user: { id: alice.id }, csrfToken: body.csrfToken })
    })

    it('refuses a forged session cookie with 401', async () => {
      const forged = await whoAmI({
        cookie: 'kizuna_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      })
      expect(forged.statusCode).toBe(401)
      expect(forged.json().error.code).toBe('unauthenticated')
      const empty = await whoAmI({ cookie: 'kizuna_session=' })
      expect(empty.statusCode).toBe(401)
    })

    it('ends a session after 2 hours without a request', async () => {
      const idle = await session()
      const busy = await session()
      node.clock.set(later(2 * HOUR))
      expect((await whoAmI({ cookie: idle.cookie })).statusCode).toBe(401)
      node.clock.set(later(2 * HOUR - 1000))
      expect((await whoAmI({ cookie: busy.cookie })).statusCode).toBe(200)
    })

    it('ends a session 12 hours after sign-in even while it is in use', async () => {
      const { cookie } = await session()
      for (let minutes = 90; minutes < 12 * 60; minutes += 90) {
        node.clock.set(later(minutes * MINUTE))
        expect((await whoAmI({ cookie })).statusCode).toBe(200)
      }
      node.clock.set(later(12 * HOUR))
      const expired = await whoAmI({ cookie })
      expect(expired.statusCode).toBe(401)
      expect(expired.json().error.code).toBe('unauthenticated')
    })

    it('refuses the old cookie after sign-out', async () => {
      const { cookie, csrf } = await session()
      const out = await send({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie, 'x-csrf-token': csrf },
      })
      expect(out.statusCode).toBe(204)
      expect(String(out.headers['set-cookie'])).toMatch(/kizuna_session=;/)
      expect((await whoAmI({ cookie })).statusCode).toBe(401)
    })

    it('refuses a state-changing request without the right x-csrf-token with 403 and writes nothing', async () => {
      const { cookie, csrf } = await session()
      const before = await eventCount()
      const missing = await send({
        method: 'POST',
        url: '/api/items',
        headers: { cookie },
        payload: item('KZ-CSRF-1'),
      })
      const wrong = await send({
        method: 'POST',
        url: '/api/items',
        headers: { cookie, 'x-csrf-token': `${csrf.slice(0, -2)}xx` },
        payload: item('KZ-CSRF-1'),
      })
      const empty = await send({
        method: 'POST',
        url: '/api/items',
        headers: { cookie, 'x-csrf-token': '' },
        payload: item('KZ-CSRF-1'),
      })
      for (const response of [missing, wrong, empty]) {
        expect(response.statusCode).toBe(403)
        expect(response.json().error.code).toBe('csrf_mismatch')
      }
      const logout = await send({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })
      expect(logout.statusCode).toBe(403)
      expect(await eventCount()).toBe(before)
      expect((await whoAmI({ cookie })).statusCode).toBe(200)
    })

    it("accepts a state-changing request with the session's CSRF token, and a read without one", async () => {
      const { cookie, csrf } = await session()
      const created = await send({
        method: 'POST',
        url: '/api/items',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: item('KZ-CSRF-2'),
      })
      expect(created.statusCode).toBe(201)
      expect(
        (await send({ method: 'GET', url: '/api/items?q=KZ-CSRF-2', headers: { cookie } }))
          .statusCode,
      ).toBe(200)
    })

    it('does not take the CSRF token of one session for another', async () => {
      const first = await session()
      const second = await session()
      const response = await send({
        method: 'POST',
        url: '/api/items',
        headers: { cookie: first.cookie, 'x-csrf-token': second.csrf },
        payload: item('KZ-CSRF-3'),
      })
      expect(response.statusCode).toBe(403)
    })

    it('accepts a bearer token without any CSRF header', async () => {
      const response = await send({
        method: 'POST',
        url: '/api/items',
        headers: { authorization: alice.token },
        payload: item('KZ-BEARER-1'),
      })
      expect(response.statusCode).toBe(201)
    })

    it('refuses a revoked token with 401', async () => {
      const revoked = await token(alice.id, 'viewer')
      expect((await whoAmI({ authorization: revoked.authorization })).statusCode).toBe(200)
      const revoke = await send({
        method: 'POST',
        url: `/api/tokens/${revoked.id}/revoke`,
        headers: admin,
      })
      expect(revoke.statusCode).toBe(200)
      expect(revoke.json().revokedAt).toEqual(expect.any(String))
      const refused = await whoAmI({ authorization: revoked.authorization })
      expect(refused.statusCode).toBe(401)
      expect(refused.json().error.code).toBe('unauthenticated')
    })

    it('refuses a token once it has expired', async () => {
      const expiring = await token(alice.id, 'viewer', later(HOUR))
      node.clock.set(later(HOUR - 1000))
      expect((await whoAmI({ authorization: expiring.authorization })).statusCode).toBe(200)
      node.clock.set(later(HOUR))
      expect((await whoAmI({ authorization: expiring.authorization })).statusCode).toBe(401)
    })

    it('refuses a token whose user no longer holds its role, and keeps the roles still held', async () => {
      const rolly = await user('rolly', ['logistician', 'viewer'])
      const logistician = await token(rolly.id, 'logistician')
      const viewer = await token(rolly.id, 'viewer')
      expect((await whoAmI({ authorization: logistician.authorization })).statusCode).toBe(200)
      const demoted = await send({
        method: 'PATCH',
        url: `/api/users/${rolly.id}`,
        headers: admin,
        payload: { version: 1, roles: ['viewer'] },
      })
      expect(demoted.statusCode).toBe(200)
      expect((await whoAmI({ authorization: logistician.authorization })).statusCode).toBe(401)
      const write = await send({
        method: 'POST',
        url: '/api/items',
        headers: { authorization: logistician.authorization },
        payload: item('KZ-DEMOTED'),
      })
      expect(write.statusCode).toBe(401)
      expect((await whoAmI({ authorization: viewer.authorization })).statusCode).toBe(200)
    })

    it('refuses the tokens, sessions and sign-ins of a disabled user', async () => {
      const dis = await user('dis', ['viewer'])
      const disToken = await token(dis.id, 'viewer')
      const disSession = await session(dis.username, dis.password)
      const disabled = await send({
        method: 'PATCH',
        url: `/api/users/${dis.id}`,
        headers: admin,
        payload: { version: 1, disabled: true },
      })
      expect(disabled.statusCode).toBe(200)
      expect((await whoAmI({ authorization: disToken.authorization })).statusCode).toBe(401)
      expect((await whoAmI({ cookie: disSession.cookie })).statusCode).toBe(401)
      const again = await login(dis.username, dis.password)
      expect(again.statusCode).toBe(401)
      expect(again.json().error.message).toBe('wrong username or password')
    })

    it('locks a username for 15 minutes after 10 wrong passwords, even against the right password', async () => {
      const target = await user('lock-target', ['viewer'])
      const statuses: number[] = []
      const retryAfter: string[] = []
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const response = await login(target.username, `wrong guess ${attempt}`)
        statuses.push(response.statusCode)
        if (response.statusCode === 429) retryAfter.push(String(response.headers['retry-after']))
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
      expect(statuses.slice(10)).toEqual(Array(90).fill(429))
      for (const value of retryAfter) {
        expect(Number(value)).toBeGreaterThan(0)
        expect(Number(value)).toBeLessThanOrEqual(15 * 60)
      }
      const right = await login(target.username, target.password)
      expect(right.statusCode).toBe(429)
      expect(right.json().error.code).toBe('rate_limited')
      expect(Number(right.headers['retry-after'])).toBe(15 * 60)
      node.clock.set(later(11 * MINUTE))
      expect((await login(target.username, target.password)).statusCode).toBe(429)
      node.clock.set(later(15 * MINUTE))
      expect((await login(target.username, target.password)).statusCode).toBe(200)
    })

    it('answers a wrong password for an unknown username exactly as for a known one', async () => {
      const known = await login(alice.username, 'not alices password')
      const unknown = await login('nobody-by-this-name', 'not alices password')
      expect(known.statusCode).toBe(401)
      expect(unknown.statusCode).toBe(401)
      expect(unknown.body).toBe(known.body)
      expect(unknown.headers['set-cookie']).toBeUndefined()
    })

    it('refuses a body over 1 MiB with 413 and malformed JSON with 400, writing nothing', async () => {
      const before = await eventCount()
      const big = await send({
        method: 'POST',
        url: '/api/items',
        headers: { authorization: alice.token },
        payload: { ...item('KZ-HUGE'), nameEn: 'x'.repeat(1_048_577) },
      })
      expect(big.statusCode).toBe(413)
      expect(big.json().error.code).toBe('body_too_large')
      const malformed = await send({
        method: 'POST',
        url: '/api/items',
        headers: { authorization: alice.token, 'content-type': 'application/json' },
        payload: '{"code": "KZ-BROKEN", ',
      })
      expect(malformed.statusCode).toBe(400)
      expect(malformed.json().error.code).toBe('invalid_request')
      const malformedLogin = await send({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: `{"username": "alice", "password": "${alice.password}"`,
        remoteAddress: nextAddress(),
      })
      expect(malformedLogin.statusCode).toBe(400)
      expect(await eventCount()).toBe(before)
    })

    it('sets security headers on API answers, refusals and static files', async () => {
      const answers = {
        health: await send({ method: 'GET', url: '/api/health' }),
        refusal: await send({ method: 'GET', url: '/api/items' }),
        unknownApi: await send({ method: 'GET', url: '/api/no-such-thing' }),
        index: await send({ method: 'GET', url: '/' }),
        script: await send({ method: 'GET', url: '/app.js' }),
        appPath: await send({ method: 'GET', url: '/places/somewhere' }),
      }
      expect(answers.refusal.statusCode).toBe(401)
      expect(answers.index.statusCode).toBe(200)
      expect(answers.script.statusCode).toBe(200)
      expect(answers.appPath.statusCode).toBe(200)
      for (const [name, response] of Object.entries(answers)) {
        const headers = response.headers
        const csp = String(headers['content-security-policy'] ?? '')
        expect(csp, name).toContain("default-src 'self'")
        expect(csp, name).toContain("script-src 'self'")
        expect(headers['x-content-type-options'], name).toBe('nosniff')
        expect(
          Boolean(headers['x-frame-options']) || /frame-ancestors 'none'/.test(csp),
          name,
        ).toBe(true)
        expect(headers['referrer-policy'], name).toEqual(expect.any(String))
      }
    })

    it('answers 429 with the error body and Retry-After when a caller exceeds the API rate limit', async () => {
      const limited = await buildApp({ ctx: node.ctx, rateLimitPerMinute: 5 })
      try {
        const statuses: number[] = []
        let last: LightMyRequestResponse | undefined
        for (let i = 0; i < 6; i += 1) {
          last = await limited.inject({
            method: 'GET',
            url: '/api/items',
            headers: { authorization: alice.token },
          })
          statuses.push(last.statusCode)
        }
        expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
        if (!last) throw new Error('no response')
        responses.push({ label: 'rate limited', response: last })
        expect(Number(last.headers['retry-after'])).toBeGreaterThan(0)
        expect(last.json()).toEqual({
          error: {
            code: 'rate_limited',
            message: expect.stringMatching(/too many requests/),
            details: { retryAfterSeconds: expect.any(Number) },
          },
        })
      } finally {
        await limited.close()
      }
    })

    it('does not let a caller escape the rate limit by making up a new credential for each request', async () => {
      const limited = await buildApp({ ctx: node.ctx, rateLimitPerMinute: 5 })
      try {
        const statuses: number[] = []
        for (let i = 0; i < 10; i += 1) {
          const response = await limited.inject({
            method: 'GET',
            url: '/api/health',
            headers: { authorization: `Bearer kz_made-up-${i}` },
          })
          statuses.push(response.statusCode)
        }
        expect(statuses).toContain(429)
      } finally {
        await limited.close()
      }
    })

    it('stores passwords as salted scrypt hashes and no password, token or session id in clear', async () => {
      const hash = await node.store.getPasswordHash(alice.id)
      expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/)
      expect(hash).not.toContain(alice.password)
      // Two users with the same password get different hashes.
      const twin = await user('alice-twin', ['viewer'], alice.password)
      expect(await node.store.getPasswordHash(twin.id)).not.toBe(hash)
      const tables = await readRawTables(node)
      expect(Object.keys(tables)).toEqual(
        expect.arrayContaining(['users', 'api_tokens', 'sessions']),
      )
      expect(tables.sessions?.length).toBeGreaterThan(0)
      // The scan does see what is stored: a token's first characters are kept, to recognise it by.
      expect(
        whereFound(tables, alice.token.slice('Bearer '.length, 'Bearer '.length + 10)),
      ).toContain('api_tokens.prefix')
      const found = secrets
        .filter(Boolean)
        .flatMap((secret) =>
          whereFound(tables, secret).map((where) => `${secret.slice(0, 6)}… in ${where}`),
        )
      expect(found).toEqual([])
    })

    it('never answers with a stack trace, SQL or a secret', () => {
      expect(responses.length).toBeGreaterThan(100)
      const problems: string[] = []
      for (const { label, response } of responses) {
        const body = response.body
        if (/\n\s+at\s|\(\S+:\d+:\d+\)|\.ts:\d+|node_modules/.test(body))
          problems.push(`${label}: stack trace`)
        if (
          response.statusCode >= 400 &&
          /\b(select|insert|update|delete)\b.*\b(from|into|set|where)\b|sqlite|postgres|kysely|sqlstate/i.test(
            body,
          )
        )
          problems.push(`${label}: SQL or database detail`)
        for (const secret of secrets.filter(Boolean))
          if (body.includes(secret))
            problems.push(`${label}: contains a secret (${secret.slice(0, 6)}…)`)
      }
      expect(problems).toEqual([])
    })
  })
}
