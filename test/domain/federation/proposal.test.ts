/**
 * The pure rules of proposals: a proposal is decided once (the same decision again is the same
 * answer), a sortie's lines split by the node whose stock each takes, and what undecided and accepted
 * proposals still hold of request lines and of peers' lots in the planner's eyes.
 */
import { describe, expect, it } from 'vitest'
import {
  decide,
  heldByProposals,
  type Proposal,
  peerLotKey,
  splitByHome,
} from '../../../src/domain/federation/proposal.js'

const proposal = (
  id: string,
  lines: { line: string; lot: string; quantity: number }[],
): Proposal => ({
  id,
  home: 'node-jp',
  org: 'org-jp',
  share: ['org-us'],
  createdAt: '2026-01-02T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  version: 1,
  plan: 'plan-1',
  sortie: 'truck/1',
  peer: 'node-us',
  origin: 'hub',
  destination: 'shelter',
  route: [],
  asset: null,
  departure: '2026-01-02T00:00:00Z',
  eta: '2026-01-02T01:00:00Z',
  neededBy: null,
  lines: lines.map((l) => ({
    item: 'water',
    owner: 'org-us',
    lot: l.lot,
    quantity: l.quantity,
    request: 'request-1',
    requestLine: l.line,
  })),
  note: null,
})

describe('proposals', () => {
  it('decides once: the same decision again exists, the other one is refused naming the first', () => {
    expect(decide(null, 'accepted')).toEqual({ code: 'decide' })
    expect(decide({ decision: 'accepted' }, 'accepted')).toEqual({ code: 'exists' })
    expect(decide({ decision: 'accepted' }, 'declined')).toEqual({
      code: 'decided',
      as: 'accepted',
    })
    expect(decide({ decision: 'declined' }, 'accepted')).toEqual({
      code: 'decided',
      as: 'declined',
    })
  })

  it("splits a sortie's lines by the node whose stock each takes, this node's as null", () => {
    const homes = new Map([
      ['lot-us', 'node-us'],
      ['lot-au', 'node-au'],
    ])
    const split = splitByHome(
      [{ lot: 'lot-us' }, { lot: 'lot-local' }, { lot: 'lot-au' }, { lot: 'lot-us' }],
      (lot) => homes.get(lot) ?? null,
    )
    expect([...split.keys()]).toEqual(['node-us', null, 'node-au'])
    expect(split.get('node-us')).toHaveLength(2)
  })

  it('holds request lines while proposed or accepted, and peer lots only while undecided', () => {
    const held = heldByProposals([
      { proposal: proposal('p1', [{ line: 'l1', lot: 'W1', quantity: 60 }]), state: 'proposed' },
      { proposal: proposal('p2', [{ line: 'l1', lot: 'W1', quantity: 10 }]), state: 'accepted' },
      { proposal: proposal('p3', [{ line: 'l2', lot: 'W1', quantity: 30 }]), state: 'declined' },
    ])
    expect(held.lines).toEqual(new Map([['l1', 70]]))
    // The accepted one is reserved at the peer: its replicated ledger shows it already.
    expect(held.lots).toEqual(
      new Map([[peerLotKey('node-us', 'hub', 'water', 'org-us', 'W1'), 60]]),
    )
  })
})
