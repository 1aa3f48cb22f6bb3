/**
 * @module web/common/home-badge
 * Another node's record is a read-only replica here (DESIGN.md, principle 1): it carries a badge naming
 * its home node, and its screens hide the controls that would change it. This node's id comes from
 * /api/health, read once per page load and shared by every badge.
 */
import type { Health } from '@contract/common.js'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiGet } from '../api.js'

let thisNode: Promise<string | null> | undefined

function loadThisNode(): Promise<string | null> {
  thisNode ??= apiGet<Health>('/api/health').then(
    (health) => health.node,
    () => {
      // Try again on the next badge rather than never knowing.
      thisNode = undefined
      return null
    },
  )
  return thisNode
}

/** This node's id, once known. */
export function useThisNode(): string | undefined {
  const [node, setNode] = useState<string>()
  useEffect(() => {
    let live = true
    void loadThisNode().then((id) => {
      if (live && id) setNode(id)
    })
    return () => {
      live = false
    }
  }, [])
  return node
}

/** True once this node is known and the record's home is another node (not reference data). */
export function isReplica(home: string, node: string | undefined): boolean {
  return node !== undefined && home !== node && home !== 'public'
}

/** A node id short enough for a table cell; the whole id is in the title. */
export function shortNode(id: string): string {
  return id.length > 8 ? `…${id.slice(-8)}` : id
}

export function HomeBadge({ home }: { home: string }) {
  const { t } = useTranslation()
  const node = useThisNode()
  if (!isReplica(home, node)) return null
  return (
    <span className="home-badge" title={t('replica.title', { home })} data-testid="home-badge">
      {t('replica.badge', { node: shortNode(home) })}
    </span>
  )
}

/** The note a replica's detail page shows where its controls would be. */
export function ReplicaNote({ home }: { home: string }) {
  const { t } = useTranslation()
  return (
    <p className="replica-note" role="note" data-testid="replica-note">
      {t('replica.readOnly', { node: home })}
    </p>
  )
}
