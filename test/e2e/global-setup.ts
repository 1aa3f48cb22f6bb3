/**
 * The browser suite's one-time setup: the demo node every harness copies (node-template.ts), removed
 * when the suite ends.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { makeNodeTemplate } from './node-template.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The template node's SQLite file (its key beside it). */
    nodeTemplate: string
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-e2e-template-'))
  project.provide('nodeTemplate', makeNodeTemplate(dir))
  return () => rmSync(dir, { recursive: true, force: true })
}
