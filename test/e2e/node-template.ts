/**
 * @module test/e2e/node-template
 * One demo node for the whole browser suite, made once by the CLI as a user makes it (`kizuna init --demo`,
 * then the default users with `kizuna user create`); each harness copies its database and key. Loading the
 * bundled data and deriving the demo's routes took several seconds a file, the same every time.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..')

export interface HarnessUser {
  username: string
  password: string
  roles: string[]
  /** Organisation code; default: the node's. */
  org?: string
  displayName?: string
}

/** The users every harness has before the node starts. */
export const defaultUsers = {
  admin: {
    username: 'coordinator',
    password: 'correct horse battery staple',
    roles: ['admin'],
    displayName: 'Hub Coordinator',
  },
  viewer: {
    username: 'observer',
    password: 'observer-password-2024',
    roles: ['viewer'],
    displayName: 'Liaison Observer',
  },
} satisfies Record<string, HarnessUser>

/** Runs the CLI (`node bin/kizuna.js …`) to completion; its output, or an error that shows it. */
export function runCli(args: string[], input?: string): string {
  try {
    return execFileSync(process.execPath, ['bin/kizuna.js', ...args], {
      cwd: repoRoot,
      input,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 120_000,
    })
  } catch (error) {
    const failure = error as { status?: number; stdout?: string; stderr?: string }
    throw new Error(
      `kizuna ${args.join(' ')} failed (exit ${failure.status}):\n${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    )
  }
}

export function createUsers(db: string, users: readonly HarnessUser[]): void {
  for (const user of users) {
    const args = ['user', 'create', user.username]
    for (const role of user.roles) args.push('--role', role)
    if (user.org) args.push('--org', user.org)
    if (user.displayName) args.push('--display-name', user.displayName)
    runCli([...args, '--password-stdin', '--db', db], `${user.password}\n`)
  }
}

/** The demo node with the default users, in `dir`; returns its database file. */
export function makeNodeTemplate(dir: string): string {
  const db = join(dir, 'kizuna.sqlite')
  runCli(['init', '--demo', '--db', db])
  createUsers(db, Object.values(defaultUsers))
  return db
}

/** A copy of the template's database and its key (beside it, as `kizuna init` writes them) at `db`. */
export function copyNodeTemplate(template: string, db: string): void {
  copyFileSync(template, db)
  copyFileSync(keyFileOf(template), keyFileOf(db))
  // The CLI closes the database cleanly, which folds its write-ahead log in; should one be left, it is part of it.
  if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${db}-wal`)
}

const keyFileOf = (db: string) => db.replace(/\.sqlite$/, '.key')
