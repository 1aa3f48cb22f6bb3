/**
 * Sign-in and access control in the browser, end to end (issue 3): a real node whose admin and viewer
 * were made with the CLI, the built web app, Debian's Chromium. Checks signing in (wrong password, too
 * many attempts, returning to the page asked for), the forced password change after a one-time password,
 * users, API tokens (used with fetch, then revoked), partners, the audit log filtered by kind prefix,
 * what a viewer may not see, signing out and a session that ends while in use; axe-core on the sign-in,
 * users and audit screens; screenshots of every screen in English and Japanese.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sessionSchema, tokenSchema, userSchema } from '../../src/contract/access.js'
import {
  type ApiSession,
  describedProblem,
  expectProblemAsTyped,
  type Harness,
  seriousAccessibilityViolations,
  signIn,
  startHarness,
  switchLanguage,
  type TrackedPage,
} from './harness.js'

let harness: Harness
/** One admin page for the admin screens, signed in once (sign-ins are rate-limited per address). */
let admin: TrackedPage
let adminApi: ApiSession

beforeAll(async () => {
  harness = await startHarness()
  const { username, password } = harness.users.admin
  adminApi = await harness.apiSession(username, password)
  admin = await harness.newPage()
  await admin.page.goto('/admin/users')
  await signIn(admin.page, username, password)
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

beforeEach(() => {
  admin.problems.length = 0
})

function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${harness.baseUrl}${path}`, init)
}

async function postJson(session: ApiSession, path: string, body?: unknown): Promise<Response> {
  return api(path, {
    method: 'POST',
    headers: {
      ...session.headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 })
}

function adminNav(page: Page) {
  return page.getByRole('navigation', { name: /^(Administration|管理)$/ })
}

/** The problems of a page, less those the test caused on purpose (matched by substring). */
function unexpected(problems: string[], ...expected: string[]): string[] {
  return problems.filter((problem) => !expected.some((each) => problem.includes(each)))
}

describe('signing in and access control in the browser', () => {
  it('answers 401 without a session, and 403 csrf_mismatch to a write without the CSRF token', async () => {
    expect((await api('/api/health')).status).toBe(200)
    const anonymous = await api('/api/items?limit=1')
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } })
    expect((await api('/api/auth/session')).status).toBe(401)

    const session = await api('/api/auth/session', { headers: { cookie: adminApi.headers.cookie } })
    expect(session.status).toBe(200)
    expect(sessionSchema.safeParse(await session.json()).error).toBeUndefined()

    const withoutCsrf = await api('/api/tokens', {
      method: 'POST',
      headers: { cookie: adminApi.headers.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'no csrf', role: 'admin' }),
    })
    expect(withoutCsrf.status).toBe(403)
    expect(await withoutCsrf.json()).toMatchObject({ error: { code: 'csrf_mismatch' } })
  })

  it('refuses a wrong password, then signs in and returns to the page asked for', async () => {
    const { page, problems } = await harness.newPage()
    await page.goto('/partners')
    await page.waitForURL((url) => url.pathname === '/sign-in')
    expect(new URL(page.url()).searchParams.get('next')).toBe('/partners')
    await expect.poll(() => heading(page).textContent()).toBe('Sign in')
    // Nothing but the sign-in screen: no navigation before signing in.
    expect(await page.getByRole('navigation').count()).toBe(0)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'sign-in-en')

    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('サインイン')
    expect(await page.getByRole('textbox', { name: 'ユーザー名' }).isVisible()).toBe(true)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'sign-in-ja')
    await switchLanguage(page, 'en')

    const { username, password } = harness.users.admin
    await page.getByRole('textbox', { name: 'Username' }).fill(username)
    await page.getByLabel('Password', { exact: true }).fill('not the password at all')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const alert = page.getByRole('alert')
    await expect.poll(() => alert.textContent()).toBe('Wrong username or password.')
    // The password field is emptied and focused for the next try; the username stays.
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('')
    expect(await page.getByRole('textbox', { name: 'Username' }).inputValue()).toBe(username)
    await harness.screenshot(page, 'sign-in-wrong-password-en')

    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((url) => url.pathname === '/partners')
    await expect.poll(() => heading(page).textContent()).toBe('Partners')
    const account = page.locator('.top-bar .account')
    await expect.poll(() => account.locator('.account-name').textContent()).toBe('Hub Coordinator')
    expect(await account.locator('.account-org').textContent()).toBe('JP-CAO')
    expect(await account.locator('.account-roles').textContent()).toBe('Administrator')
    expect(await account.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)
    expect(unexpected(problems, 'HTTP 401: POST', '/api/auth/login', 'status of 401')).toEqual([])
  })

  it('tells how many minutes to wait after too many failed sign-ins', async () => {
    const username = 'locked.out'
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await api('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: `wrong password ${attempt}` }),
      })
      expect(response.status).toBe(401)
    }
    const { page, problems } = await harness.newPage()
    await page.goto('/sign-in')
    await page.getByRole('textbox', { name: 'Username' }).fill(username)
    await page.getByLabel('Password', { exact: true }).fill('wrong password again')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const alert = page.getByRole('alert')
    await expect
      .poll(() => alert.textContent())
      .toMatch(
        /^Could not sign in: too many failed sign-ins for this username\. Try again in 1[45] minutes\.$/,
      )
    await harness.screenshot(page, 'sign-in-rate-limited-en')
    await switchLanguage(page, 'ja')
    await expect.poll(() => alert.textContent()).toMatch(/1[45]分後にもう一度お試しください。$/)
    await harness.screenshot(page, 'sign-in-rate-limited-ja')
    expect(unexpected(problems, '429', 'Too Many Requests')).toEqual([])
  })

  it('creates a viewer whose one-time password is shown once and must be changed at first sign-in', async () => {
    const { page, problems } = admin
    await page.goto('/admin/users')
    await expect.poll(() => heading(page).textContent()).toBe('Users')
    const coordinatorRow = page.getByRole('row').filter({ hasText: harness.users.admin.username })
    await coordinatorRow.waitFor()
    // The partner's code arrives after the users.
    await expect
      .poll(async () => (await coordinatorRow.getByRole('cell').allTextContents()).slice(0, 5))
      .toEqual(['coordinator', 'Hub Coordinator', 'JP-CAO', 'Administrator', 'Active'])
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'users-en')

    await page.getByRole('button', { name: 'New user' }).click()
    const form = page.locator('form.panel')
    // Refused on the client first: the username must be lower-case, and a role is needed — said as
    // it is typed, by the server's own schema, before anything is sent.
    await form.getByRole('textbox', { name: 'Username' }).fill('Aiko Tanaka')
    await expect
      .poll(() => form.locator('.field-error').allTextContents())
      .toEqual([expect.stringMatching(/^Use lower-case letters/)])
    await form.getByRole('checkbox', { name: 'Viewer' }).uncheck()
    await expect
      .poll(() => form.locator('.field-error').allTextContents())
      .toEqual([expect.stringMatching(/^Use lower-case letters/), 'Choose at least one role.'])
    await form.getByRole('button', { name: 'Create user' }).click()
    await expect
      .poll(() => form.locator('.field-error').allTextContents())
      .toEqual([expect.stringMatching(/^Use lower-case letters/), 'Choose at least one role.'])
    expect(await form.getByRole('textbox', { name: 'Username' }).getAttribute('aria-invalid')).toBe(
      'true',
    )

    const username = 'aiko.tanaka'
    await form.getByRole('textbox', { name: 'Username' }).fill(username)
    await form.getByRole('textbox', { name: 'Display name (optional)' }).fill('Aiko Tanaka')
    await form.getByRole('checkbox', { name: 'Viewer' }).check()
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'users-create-en')
    await form.getByRole('button', { name: 'Create user' }).click()

    const secretField = page.getByRole('textbox', { name: `One-time password of ${username}` })
    await secretField.waitFor()
    const oneTimePassword = await secretField.inputValue()
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12)
    expect(await page.locator('.one-time-secret').textContent()).toContain(
      'it will not be shown again',
    )
    await harness.screenshot(page, 'users-one-time-password-en')
    await page.getByRole('button', { name: 'Done, I have copied it' }).click()
    await expect.poll(() => secretField.count()).toBe(0)
    expect(await page.content()).not.toContain(oneTimePassword)

    const row = page.getByRole('row').filter({ hasText: username })
    await expect
      .poll(async () => (await row.getByRole('cell').allTextContents()).slice(0, 5))
      .toEqual([username, 'Aiko Tanaka', 'JP-CAO', 'Viewer', 'Must change password'])
    await page.reload()
    await row.waitFor()
    expect(await page.content()).not.toContain(oneTimePassword)

    // Edit: add a role, in a modal dialog that Escape closes and Save saves.
    await row.getByRole('button', { name: `Edit ${username}` }).click()
    const dialog = page.getByRole('dialog', { name: `Edit user ${username}` })
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    await row.getByRole('button', { name: `Edit ${username}` }).click()
    await dialog.getByRole('checkbox', { name: 'Requester' }).check()
    await harness.screenshot(page, 'users-edit-en')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => dialog.count()).toBe(0)
    await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe('Viewer, Requester')

    // Reset the password (after a confirmation): a second one-time password, shown once too.
    await row.getByRole('button', { name: `Reset password ${username}` }).click()
    const confirm = page.getByRole('dialog', { name: `Reset the password of ${username}?` })
    await confirm.getByRole('button', { name: 'Reset password' }).click()
    const resetField = page.getByRole('textbox', { name: `One-time password of ${username}` })
    await resetField.waitFor()
    expect(await page.locator('.one-time-secret h2').textContent()).toBe('Password reset')
    const resetPassword = await resetField.inputValue()
    expect(resetPassword).not.toBe(oneTimePassword)
    await harness.screenshot(page, 'users-reset-password-en')
    await page.getByRole('button', { name: 'Done, I have copied it' }).click()
    await expect.poll(() => resetField.count()).toBe(0)

    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('ユーザー')
    await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe('閲覧者、要請者')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'users-ja')
    await switchLanguage(page, 'en')
    expect(problems).toEqual([])

    // First sign-in with the one-time password: nothing but the change-password screen.
    const first = await harness.newPage()
    await first.page.goto('/items')
    await signIn(first.page, username, resetPassword)
    await expect.poll(() => heading(first.page).textContent()).toBe('Choose your password')
    expect(await first.page.getByRole('navigation').count()).toBe(0)
    expect(await first.page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true)
    await harness.screenshot(first.page, 'change-password-en')

    const newPassword = 'a river, a bridge and three cranes'
    await first.page.getByLabel('One-time password', { exact: true }).fill(resetPassword)
    // Said as typed, by the route's own schema: too short, then right.
    await expectProblemAsTyped(
      first.page.getByLabel('New password', { exact: true }),
      'short',
      'Too short: at least 12 characters.',
      'long enough for the rule',
    )
    await first.page.getByLabel('New password', { exact: true }).fill('too short')
    await first.page.getByLabel('New password again', { exact: true }).fill('not the same')
    await first.page.getByRole('button', { name: 'Change password' }).click()
    await expect
      .poll(() => first.page.locator('.field-error').allTextContents())
      .toEqual(['Too short: at least 12 characters.', 'The two new passwords are not the same.'])
    await harness.screenshot(first.page, 'change-password-errors-en')
    await switchLanguage(first.page, 'ja')
    await expect.poll(() => heading(first.page).textContent()).toBe('パスワードを設定してください')
    await harness.screenshot(first.page, 'change-password-ja')
    await switchLanguage(first.page, 'en')

    await first.page.getByLabel('New password', { exact: true }).fill(newPassword)
    await first.page.getByLabel('New password again', { exact: true }).fill(newPassword)
    await first.page.getByRole('button', { name: 'Change password' }).click()
    await expect.poll(() => heading(first.page).textContent()).toBe('Items')
    expect(first.page.url()).toBe(`${harness.baseUrl}/items`)
    expect(await adminNav(first.page).count()).toBe(0)
    expect(await first.page.locator('.account-roles').textContent()).toBe('Viewer, Requester')
    expect(first.problems).toEqual([])

    // The new password works by the API; neither one-time password does any more.
    await harness.apiSession(username, newPassword)
    for (const spent of [oneTimePassword, resetPassword]) {
      const again = await api('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: spent }),
      })
      expect(again.status).toBe(401)
    }
  })

  it('creates an API token whose secret is shown once, works with fetch, and stops when revoked', async () => {
    const { page, problems } = admin
    await page.goto('/admin/tokens')
    await expect.poll(() => heading(page).textContent()).toBe('API tokens')
    await page.getByRole('button', { name: 'New token' }).click()
    const form = page.locator('form.panel')
    const name = 'Warehouse scanner'
    const nameField = form.getByRole('textbox', { name: 'Name', exact: true })
    // Blank on leaving the field: said at once, by the route's schema (a name of spaces is none).
    await nameField.fill('   ')
    await nameField.blur()
    await expect.poll(() => describedProblem(nameField)).toBe('Required.')
    expect(await nameField.getAttribute('aria-invalid')).toBe('true')
    await nameField.fill(name)
    await expect.poll(() => describedProblem(nameField)).toBeNull()
    // The role offered is one the chosen user holds: the coordinator is an admin only.
    expect(
      await form.getByRole('combobox', { name: 'Role' }).locator('option').allTextContents(),
    ).toEqual(['Administrator'])
    await harness.screenshot(page, 'tokens-create-en')
    await form.getByRole('button', { name: 'Create token' }).click()

    const secretField = page.getByRole('textbox', { name: `Token ${name}` })
    await secretField.waitFor()
    const secret = await secretField.inputValue()
    expect(secret).toMatch(/^kz_/)
    expect(await page.locator('.code-example').textContent()).toBe(
      `curl -H "Authorization: Bearer ${secret}" ${harness.baseUrl}/api/items?limit=1`,
    )
    expect(await page.locator('.one-time-secret').textContent()).toContain(
      'it will not be shown again',
    )
    await harness.screenshot(page, 'tokens-secret-en')
    await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: harness.baseUrl,
    })
    await page.getByRole('button', { name: 'Copy', exact: true }).click()
    await expect
      .poll(() => page.locator('.secret-copy-status').textContent())
      .toBe('Copied to the clipboard.')
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret)

    const withToken = await api('/api/items?limit=1', {
      headers: { authorization: `Bearer ${secret}` },
    })
    expect(withToken.status).toBe(200)

    await page.getByRole('button', { name: 'Done, I have copied it' }).click()
    await expect.poll(() => secretField.count()).toBe(0)
    expect(await page.content()).not.toContain(secret)
    await page.reload()
    const row = page.getByRole('row').filter({ hasText: name })
    await row.waitFor()
    expect(await page.content()).not.toContain(secret)
    // Its user's username arrives after the tokens.
    await expect
      .poll(async () => (await row.getByRole('cell').allTextContents()).slice(0, 4))
      .toEqual([name, harness.users.admin.username, 'Administrator', `${secret.slice(0, 10)}…`])
    const cells = await row.getByRole('cell').allTextContents()
    expect(cells[4]).not.toBe('Never') // used just now
    expect(cells[5]).toBe('Never')
    expect(cells[6]).toBe('Active')

    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('APIトークン')
    await harness.screenshot(page, 'tokens-ja')
    await switchLanguage(page, 'en')

    await row.getByRole('button', { name: `Revoke ${name}` }).click()
    const dialog = page.getByRole('dialog', { name: `Revoke the token “${name}”?` })
    await dialog.waitFor()
    // Cancel is the focused choice.
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Cancel')
    await harness.screenshot(page, 'tokens-revoke-en')
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click()
    await expect.poll(() => dialog.count()).toBe(0)
    await expect.poll(() => row.getByRole('cell').nth(6).textContent()).toMatch(/^Revoked /)
    expect(await row.getByRole('button').count()).toBe(0)
    await harness.screenshot(page, 'tokens-revoked-en')

    const afterRevoke = await api('/api/items?limit=1', {
      headers: { authorization: `Bearer ${secret}` },
    })
    expect(afterRevoke.status).toBe(401)
    expect(problems).toEqual([])
  })

  it('adds and edits a partner organisation', async () => {
    const { page, problems } = admin
    await page.goto('/partners')
    await expect.poll(() => heading(page).textContent()).toBe('Partners')
    await page.getByRole('row').filter({ hasText: 'AU-DFAT' }).waitFor()
    await harness.screenshot(page, 'partners-en')

    await page.getByRole('button', { name: 'New partner' }).click()
    const form = page.locator('form.panel')
    const code = form.getByRole('textbox', { name: 'Code' })
    const nameEn = form.getByRole('textbox', { name: 'Name (English)' })
    const country = form.getByRole('textbox', { name: 'Country (optional)' })
    // Checked as typed with the server's schema: the message is beside the field and named by it.
    await code.fill('n')
    await expect
      .poll(() => form.locator('.field-error').allTextContents())
      .toEqual([expect.stringMatching(/^Use upper-case letters, digits and "-"/)])
    expect(await code.getAttribute('aria-invalid')).toBe('true')
    const describedBy = (await code.getAttribute('aria-describedby')) ?? ''
    expect(await page.locator(`[id="${describedBy.split(' ').pop()}"]`).textContent()).toMatch(
      /^Use upper-case letters/,
    )
    // A required field left empty says so when left; a two-letter country, as soon as typed.
    await nameEn.focus()
    await country.focus()
    await country.fill('n')
    await expect
      .poll(() => form.locator('.field-error').allTextContents())
      .toEqual([
        expect.stringMatching(/^Use upper-case letters/),
        'Required.',
        'Two letters, e.g. JP.',
      ])
    await code.fill('nz-mfat')
    await nameEn.fill('New Zealand MFAT')
    await form
      .getByRole('textbox', { name: 'Name (Japanese) (optional)' })
      .fill('ニュージーランド外務貿易省')
    await country.fill('nz')
    await expect.poll(() => form.locator('.field-error').count()).toBe(0)
    expect(await code.getAttribute('aria-invalid')).toBeNull()
    await form.getByRole('combobox', { name: 'Kind' }).selectOption('government')
    await form.getByRole('button', { name: 'Create partner' }).click()
    await expect
      .poll(() => page.locator('p.success').textContent())
      .toBe('Partner NZ-MFAT created.')
    const row = page.getByRole('row').filter({ hasText: 'NZ-MFAT' })
    await expect
      .poll(() => row.getByRole('cell').allTextContents())
      .toEqual([
        'NZ-MFAT',
        'New Zealand MFAT',
        'ニュージーランド外務貿易省',
        'NZ',
        'Government',
        'Edit NZ-MFAT',
      ])

    await row.getByRole('button', { name: 'Edit NZ-MFAT' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit partner NZ-MFAT' })
    await dialog.getByRole('combobox', { name: 'Kind' }).selectOption('military')
    await harness.screenshot(page, 'partners-edit-en')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => row.getByRole('cell').nth(4).textContent()).toBe('Military')

    // The list sorts on the server by a header, from the keyboard, and is searched on the server.
    const codes = () => page.locator('tbody tr td.code').allTextContents()
    const kind = page.getByRole('columnheader', { name: /^Kind/ })
    expect(await kind.getAttribute('aria-sort')).toBe('none')
    await kind.getByRole('button').focus()
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.searchParams.get('sort') === 'kind')
    expect(await kind.getAttribute('aria-sort')).toBe('ascending')
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.searchParams.get('sort') === '-kind')
    expect(await kind.getAttribute('aria-sort')).toBe('descending')
    await page.getByRole('searchbox', { name: 'Search partners' }).fill('zealand')
    await page.waitForURL((url) => url.searchParams.get('q') === 'zealand')
    await expect.poll(codes).toEqual(['NZ-MFAT'])
    await expect.poll(() => page.locator('.pager-range').textContent()).toBe('1–1 of 1')
    await page.getByRole('searchbox', { name: 'Search partners' }).fill('')
    await page.waitForURL((url) => !url.searchParams.has('q'))

    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('パートナー')
    await harness.screenshot(page, 'partners-ja')
    await switchLanguage(page, 'en')
    expect(problems).toEqual([])
  })

  it('shows user.created and token.revoked in the audit log, filtered by kind prefix', async () => {
    // Made by the API here, so this test stands on its own.
    const created = await postJson(adminApi, '/api/users', {
      username: 'kenji.sato',
      displayName: '佐藤 健二',
      roles: ['logistician'],
    })
    expect(created.status).toBe(201)
    const user = userSchema.parse(((await created.json()) as { user: unknown }).user)
    const tokenCreated = await postJson(adminApi, '/api/tokens', {
      name: 'Audit test',
      role: 'admin',
    })
    expect(tokenCreated.status).toBe(201)
    const token = tokenSchema.parse(((await tokenCreated.json()) as { token: unknown }).token)
    expect((await postJson(adminApi, `/api/tokens/${token.id}/revoke`)).status).toBe(200)

    const { page, problems } = admin
    await page.goto('/admin/audit')
    await expect.poll(() => heading(page).textContent()).toBe('Audit log')
    const kinds = () =>
      page.locator('.audit-table tbody > tr:first-child > td:nth-child(3)').allTextContents()
    await expect.poll(kinds).toContain('token.revoked')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'audit-en')

    await page.getByRole('combobox', { name: 'Kind' }).fill('user.')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.waitForURL((url) => url.searchParams.get('kind') === 'user.')
    await page.locator('table[aria-busy="false"]').waitFor()
    await expect.poll(kinds).toContain('user.created')
    expect((await kinds()).every((kind) => kind.startsWith('user.'))).toBe(true)

    // Open the row of the user created above: its body is the new user.
    const event = page
      .locator('.audit-table tbody')
      .filter({ hasText: 'user.created' })
      .filter({ hasText: user.id })
    const toggle = event.getByRole('button')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    await toggle.press('Enter')
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    const body = event.locator('pre.json')
    await expect.poll(() => body.textContent()).toContain('"username": "kenji.sato"')
    expect(await body.textContent()).toContain('"displayName": "佐藤 健二"')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'audit-user-created-en')

    await page.getByRole('combobox', { name: 'Kind' }).fill('token.')
    await page.getByRole('textbox', { name: 'Subject' }).fill(token.id)
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.waitForURL((url) => url.searchParams.get('subject') === token.id)
    await page.locator('table[aria-busy="false"]').waitFor()
    await expect.poll(kinds).toEqual(['token.revoked', 'token.created'])
    expect(await page.locator('.pager-range').textContent()).toBe('1–2 of 2')

    // A time range on the server: nothing happened after an hour from now.
    const inAnHour = new Date(Date.now() + 3_600_000)
    const local = new Date(inAnHour.getTime() + 9 * 3_600_000).toISOString().slice(0, 16) // Asia/Tokyo
    await page.getByLabel('From', { exact: true }).fill(local)
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.waitForURL((url) => url.searchParams.has('from'))
    expect(Date.parse(new URL(page.url()).searchParams.get('from') ?? '')).toBe(
      Math.floor(inAnHour.getTime() / 60_000) * 60_000,
    )
    await expect.poll(() => page.locator('.empty').textContent()).toBe('No events match.')
    await page.getByLabel('From', { exact: true }).fill('')

    // A subject that is not an id is refused by the form before it reaches the server.
    await page.getByRole('textbox', { name: 'Subject' }).fill('not-an-id')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await expect
      .poll(() => page.locator('.audit-filters .field-error').textContent())
      .toMatch(/^A record id looks like/)

    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('監査ログ')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'audit-ja')
    await switchLanguage(page, 'en')
    expect(problems).toEqual([])
  })

  it('shows a viewer no administration, and refuses them /admin/users', async () => {
    const { username, password } = harness.users.viewer
    const { page, problems } = await harness.newPage()
    await page.goto('/places')
    await signIn(page, username, password)
    await expect.poll(() => heading(page).textContent()).toBe('Places')
    expect(await adminNav(page).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0)
    expect(await page.locator('.account-roles').textContent()).toBe('Viewer')
    await harness.screenshot(page, 'viewer-places-en')

    await page.goto('/admin/users')
    await expect.poll(() => heading(page).textContent()).toBe('Not allowed')
    expect(await page.getByRole('alert').textContent()).toContain(
      'Your roles do not open this page',
    )
    await harness.screenshot(page, 'forbidden-en')
    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('アクセスできません')
    await harness.screenshot(page, 'forbidden-ja')
    await switchLanguage(page, 'en')

    await page.goto('/partners')
    await page.getByRole('row').filter({ hasText: 'AU-DFAT' }).waitFor()
    expect(await page.getByRole('button', { name: 'New partner' }).count()).toBe(0)
    expect(problems).toEqual([])

    // And the server says no too.
    const viewerApi = await harness.apiSession(username, password)
    const users = await api('/api/users', { headers: { cookie: viewerApi.headers.cookie } })
    expect(users.status).toBe(403)
    expect(await users.json()).toMatchObject({ error: { code: 'forbidden' } })
  })

  it('signs out to the sign-in screen, after which the session answers 401', async () => {
    const { username, password } = harness.users.admin
    const { page, context, problems } = await harness.newPage({ locale: 'ja-JP' })
    await page.goto('/items')
    await signIn(page, username, password)
    await expect.poll(() => heading(page).textContent()).toBe('品目')
    await harness.screenshot(page, 'top-bar-admin-ja')
    await page.getByRole('link', { name: 'パスワード変更' }).click()
    await expect.poll(() => heading(page).textContent()).toBe('パスワード変更')
    await harness.screenshot(page, 'change-password-by-choice-ja')
    const cookie = (await context.cookies()).find((each) => each.name === 'kizuna_session')
    expect(cookie?.httpOnly).toBe(true)

    await page.getByRole('button', { name: 'サインアウト' }).click()
    await page.waitForURL((url) => url.pathname === '/sign-in' && url.search === '')
    await expect.poll(() => heading(page).textContent()).toBe('サインイン')
    expect(await page.getByRole('navigation').count()).toBe(0)

    const session = await api('/api/auth/session', {
      headers: { cookie: `kizuna_session=${cookie?.value}` },
    })
    expect(session.status).toBe(401)
    expect((await page.request.get('/api/auth/session')).status()).toBe(401)
    expect(unexpected(problems)).toEqual([])
  })

  it('sends a user whose session ended to the sign-in screen, and back where they were', async () => {
    const { username, password } = harness.users.admin
    const { page, context, problems } = await harness.newPage()
    await page.goto('/items')
    await signIn(page, username, password)
    await expect.poll(() => heading(page).textContent()).toBe('Items')

    // The session ends elsewhere (signed out from another window with the same cookie).
    const cookie = (await context.cookies()).find((each) => each.name === 'kizuna_session')
    const headers = { cookie: `kizuna_session=${cookie?.value}` }
    const current = sessionSchema.parse(await (await api('/api/auth/session', { headers })).json())
    const ended = await api('/api/auth/logout', {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': current.csrfToken },
    })
    expect(ended.status).toBe(204)

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Places' })
      .click()
    await page.waitForURL((url) => url.pathname === '/sign-in')
    expect(new URL(page.url()).searchParams.get('next')).toBe('/places')
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toBe('Your session has ended. Sign in again to go on where you were.')
    await harness.screenshot(page, 'sign-in-session-ended-en')

    await signIn(page, username, password)
    await page.waitForURL((url) => url.pathname === '/places')
    await expect.poll(() => heading(page).textContent()).toBe('Places')
    expect(unexpected(problems, '/api/places', 'status of 401')).toEqual([])
  })
})
