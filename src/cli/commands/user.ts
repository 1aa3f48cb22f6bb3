/**
 * @module cli/commands/user
 * `kizuna user create|list|reset-password|disable` and `kizuna token create|list|revoke`: manage people
 * and API tokens from the node's shell (the CLI acts as the node's operator, recorded as `cli`).
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { Refusal } from '../../app/errors.js'
import { createToken, createUser, listTokens, resetPassword, updateUser } from '../../app/users.js'
import { passwordMinLength, roles as roleNames, usernamePattern } from '../../contract/access.js'
import type { Role } from '../../domain/access/permissions.js'
import type { User } from '../../domain/access/user.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'

interface DbFlags {
  db?: string
  key?: string
}

const collect = (value: string, previous: string[]) => [...previous, value]

function checkRoles(values: string[]): Role[] {
  if (values.length === 0)
    throw new UsageError(`--role is required: one of ${roleNames.join(', ')}`)
  for (const value of values)
    if (!(roleNames as readonly string[]).includes(value))
      throw new UsageError(`--role "${value}" is not one of ${roleNames.join(', ')}`)
  return values as Role[]
}

async function withNode<T>(
  flags: DbFlags,
  work: (node: Awaited<ReturnType<typeof openNode>>) => Promise<T>,
): Promise<T> {
  const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
  try {
    return await work(node)
  } finally {
    await node.ctx.store.close()
  }
}

async function findUser(
  node: Awaited<ReturnType<typeof openNode>>,
  username: string,
): Promise<User> {
  const found = await node.ctx.store.getUserForSignIn(username.toLowerCase())
  if (!found) throw new Refusal('not_found', `no user "${username}"`)
  return found.user
}

export function userCommand(program: Command): void {
  const user = program.command('user').description('Manage the people who sign in to this node.')
  const dbOptions = (command: Command) =>
    command
      .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
      .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')

  dbOptions(
    user
      .command('create')
      .description(
        'Create a user. Prints a one-time password (shown once) unless --password-stdin is given.',
      )
      .argument('<username>', 'lower-case letters, digits, ".", "_" or "-"')
      .option('--role <role>', `a role: ${roleNames.join(', ')} (repeat for several)`, collect, [])
      .option('--org <code>', "the user's organisation code, e.g. AU-DFAT (default: the node's)")
      .option('--display-name <name>', 'the name shown in the app')
      .option(
        '--password-stdin',
        `read the password (at least ${passwordMinLength} characters) from standard input`,
      )
      .addHelpText(
        'after',
        `
Examples:
  kizuna user create tanaka --role logistician --display-name "田中 花子"
  kizuna user create aus-planner --role planner --role viewer --org AU-DFAT
  printf '%s' "$PASSWORD" | kizuna user create robot --role viewer --password-stdin`,
      ),
  ).action(
    async (
      username: string,
      flags: DbFlags & {
        role: string[]
        org?: string
        displayName?: string
        passwordStdin?: boolean
      },
    ) => {
      if (!usernamePattern.test(username))
        throw new UsageError(
          `username "${username}" must be lower-case letters, digits, ".", "_" or "-", 2 to 64 characters`,
        )
      const roles = checkRoles(flags.role)
      const password = flags.passwordStdin
        ? readFileSync(0, 'utf8').replace(/\r?\n$/, '')
        : undefined
      if (password !== undefined && password.length < passwordMinLength)
        throw new UsageError(`the password must have at least ${passwordMinLength} characters`)
      await withNode(flags, async (node) => {
        let org: string | undefined
        if (flags.org) {
          org = (await node.ctx.store.listOrganisations(null)).find((o) => o.code === flags.org)?.id
          if (!org) throw new UsageError(`--org: no organisation with code "${flags.org}"`)
        }
        const created = await createUser(node.ctx, 'cli', {
          username,
          displayName: flags.displayName ?? null,
          roles,
          org,
          password,
        })
        process.stdout.write(`${created.user.id}\n`)
        if (created.oneTimePassword)
          process.stderr.write(
            `One-time password for ${username} (shown once; it must be changed at first sign-in): ${created.oneTimePassword}\n`,
          )
      })
    },
  )

  dbOptions(
    user.command('list').description('List users: username, roles, organisation, state.'),
  ).action(async (flags: DbFlags) => {
    await withNode(flags, async (node) => {
      const organisations = new Map(
        (await node.ctx.store.listOrganisations(null)).map((o) => [o.id, o.code]),
      )
      for (const u of await node.ctx.store.listUsers(null)) {
        process.stdout.write(
          `${u.username}\t${u.roles.join(',')}\t${organisations.get(u.org) ?? u.org}\t${u.disabled ? 'disabled' : 'active'}\t${u.id}\n`,
        )
      }
    })
  })

  dbOptions(
    user
      .command('reset-password')
      .description('Give a user a new one-time password; their sessions end.')
      .argument('<username>'),
  ).action(async (username: string, flags: DbFlags) => {
    await withNode(flags, async (node) => {
      const password = await resetPassword(node.ctx, 'cli', (await findUser(node, username)).id)
      process.stderr.write(`One-time password for ${username} (shown once): ${password}\n`)
    })
  })

  dbOptions(
    user
      .command('disable')
      .description(
        'Disable a user: they cannot sign in and their sessions and tokens stop working.',
      )
      .argument('<username>'),
  ).action(async (username: string, flags: DbFlags) => {
    await withNode(flags, async (node) => {
      const found = await findUser(node, username)
      const operator = {
        kind: 'user' as const,
        id: 'cli',
        userId: 'cli',
        org: node.ctx.node.org,
        roles: ['admin' as const],
      }
      await updateUser(node.ctx, operator, found.id, { version: found.version, disabled: true })
      process.stdout.write(`${username} disabled\n`)
    })
  })
}

export function tokenCommand(program: Command): void {
  const token = program
    .command('token')
    .description('Manage API tokens for programs (Authorization: Bearer).')
  const dbOptions = (command: Command) =>
    command
      .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
      .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')

  dbOptions(
    token
      .command('create')
      .description(
        'Create a token acting for a user with one of their roles; prints the secret (shown once) on standard output.',
      )
      .requiredOption('--user <username>', 'the user the token acts for')
      .requiredOption('--role <role>', `one role the user holds: ${roleNames.join(', ')}`)
      .option('--name <name>', 'what the token is for', 'cli')
      .option('--expires <iso-time>', 'when it stops working, e.g. 2027-01-01T00:00:00Z')
      .addHelpText(
        'after',
        `
Example:
  TOKEN=$(kizuna token create --user tanaka --role logistician --name "warehouse scanner")
  curl -H "Authorization: Bearer $TOKEN" http://localhost:8080/api/items?q=water`,
      ),
  ).action(
    async (flags: DbFlags & { user: string; role: string; name: string; expires?: string }) => {
      const [role] = checkRoles([flags.role])
      if (flags.expires !== undefined && Number.isNaN(Date.parse(flags.expires)))
        throw new UsageError(
          `--expires "${flags.expires}" is not a time; use ISO 8601, e.g. 2027-01-01T00:00:00Z`,
        )
      await withNode(flags, async (node) => {
        const found = await findUser(node, flags.user)
        const created = await createToken(node.ctx, 'cli', {
          name: flags.name,
          role: role as Role,
          userId: found.id,
          expiresAt: flags.expires ? new Date(flags.expires).toISOString() : undefined,
        })
        process.stdout.write(`${created.secret}\n`)
        process.stderr.write(
          `Token ${created.token.id} (${created.token.prefix}…) for ${flags.user} as ${role}; the secret above is shown once.\n`,
        )
      })
    },
  )

  dbOptions(
    token
      .command('list')
      .description('List tokens: id, prefix, user, role, state (never the secret).'),
  ).action(async (flags: DbFlags) => {
    await withNode(flags, async (node) => {
      const users = new Map((await node.ctx.store.listUsers(null)).map((u) => [u.id, u.username]))
      for (const t of await listTokens(node.ctx, 'cli')) {
        process.stdout.write(
          `${t.id}\t${t.prefix}…\t${users.get(t.userId) ?? t.userId}\t${t.role}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}\t${t.name}\n`,
        )
      }
    })
  })

  dbOptions(
    token
      .command('revoke')
      .description('Revoke a token by id: it stops working at once.')
      .argument('<id>'),
  ).action(async (id: string, flags: DbFlags) => {
    const { revokeToken } = await import('../../app/users.js')
    await withNode(flags, async (node) => {
      await revokeToken(node.ctx, 'cli', id)
      process.stdout.write(`token ${id} revoked\n`)
    })
  })
}
