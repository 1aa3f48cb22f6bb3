/**
 * @module cli/commands/peer
 * `kizuna peer self|add|list|suspend|resume|rotate-key|set-url`: this node's identity for the other
 * side's admin, and the registry of peers (other nodes) this node pulls from and answers. Organisations
 * are named by code.
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { nodeIdentity } from '../../app/node-identity.js'
import { addPeer, changePeer, getPeer, listPeers, type PeerChange } from '../../app/peers.js'
import { publicKeyLine } from '../../domain/federation/peer.js'
import {
  type OrganisationKind,
  organisationKinds,
} from '../../domain/organisations/organisation.js'
import { UsageError } from '../usage-error.js'
import { cliActor, common, type Node, type NodeFlags, withNode } from './route.js'

/** A key given inline, or `@file` to read it from a file (a PEM has several lines). */
function keyArgument(value: string): string {
  return value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value
}

function seqFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0)
    throw new UsageError(`${flag} must be a whole number ≥ 0, not "${value}"`)
  return n
}

async function orgCodes(node: Node): Promise<Map<string, string>> {
  return new Map((await node.ctx.store.listOrganisations(null)).map((o) => [o.id, o.code]))
}

interface AddFlags extends NodeFlags {
  id: string
  org: string
  url: string
  publicKey: string
  orgName?: string
  orgKind?: string
  orgCountry?: string
}

export function peerCommand(program: Command): void {
  const peer = program
    .command('peer')
    .description('Peers: the other nodes this node exchanges events with, and its own identity.')

  common(
    peer
      .command('self')
      .description(
        "This node's id, organisation, URL and public key: what the other side's admin registers.",
      )
      .option('--url <url>', 'the address peers reach this node at (env KIZUNA_PUBLIC_URL)')
      .option('--json', 'print as JSON'),
  ).action(async (flags: NodeFlags & { url?: string; json?: boolean }) => {
    await withNode(flags, async (node) => {
      const self = await nodeIdentity(node.ctx)
      const url =
        flags.url ??
        process.env.KIZUNA_PUBLIC_URL ??
        `http://localhost:${process.env.KIZUNA_PORT ?? '8080'}`
      const key = publicKeyLine(self.publicKey)
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ...self, url, publicKeyLine: key })}\n`)
        return
      }
      const organisation = await node.ctx.store.getOrganisation(self.organisation.id)
      process.stdout.write(
        `node\t${self.id}\norganisation\t${self.organisation.code}\t${self.organisation.nameEn}\t${self.organisation.id}\nurl\t${url}${flags.url || process.env.KIZUNA_PUBLIC_URL ? '' : '\t(a guess: give --url with the address peers reach)'}\npublic key\t${key}\n`,
      )
      for (const old of self.previousKeys)
        process.stdout.write(
          `retired key\t${publicKeyLine(old.publicKey)}\tvalid to seq ${old.validToSeq}\tretired ${old.retiredAt}\n`,
        )
      process.stdout.write(
        `\nOn the other node, its admin registers this one with:\n  kizuna peer add --id ${self.id} --org ${self.organisation.code} --org-name "${self.organisation.nameEn}" --org-kind ${organisation?.kind ?? 'government'}${organisation?.country ? ` --org-country ${organisation.country}` : ''} --url ${url} --public-key ${key}\n`,
      )
    })
  })

  common(
    peer
      .command('add')
      .description('Register another node as a peer (what its `kizuna peer self` printed).')
      .requiredOption('--id <node-id>', "the peer's node id")
      .requiredOption('--org <code>', 'the organisation that runs it, by code (or id)')
      .requiredOption('--url <url>', 'where it answers, e.g. https://kizuna.example.org')
      .requiredOption('--public-key <key>', 'its public key: base64 on one line, or @file (PEM)')
      .option('--org-name <name>', 'create the organisation with this name if there is none')
      .option('--org-kind <kind>', `with --org-name: ${organisationKinds.join(', ')}`)
      .option('--org-country <code>', 'with --org-name: ISO country code')
      .addHelpText(
        'after',
        '\nExample:\n  kizuna peer add --id 0193… --org US-INDOPACOM --url https://us.kizuna.example --public-key MCowBQYDK2VwAyEA…',
      ),
  ).action(async (flags: AddFlags) => {
    if (flags.orgKind && !(organisationKinds as readonly string[]).includes(flags.orgKind))
      throw new UsageError(`--org-kind must be one of ${organisationKinds.join(', ')}`)
    await withNode(flags, async (node) => {
      const known = (await node.ctx.store.listOrganisations(null)).find(
        (o) => o.code === flags.org || o.id === flags.org,
      )
      // Every node starts with the code NODE unless told otherwise: a peer registered under this
      // node's own organisation would receive everything of it, so that takes its id, not a code.
      if (known?.id === node.ctx.node.org && flags.org !== known.id)
        throw new UsageError(
          `--org: "${flags.org}" is this node's own organisation; a peer run by it receives all of its records. Give the peer's organisation a code of its own (--org CODE --org-name NAME), or this organisation's id if that is meant`,
        )
      if (!known && !flags.orgName)
        throw new UsageError(
          `--org: no organisation "${flags.org}" on this node; give --org-name (and --org-kind) to create it`,
        )
      const { result, peer: added } = await addPeer(node.ctx, cliActor(node), {
        id: flags.id,
        organisation: known
          ? known.id
          : {
              create: {
                code: flags.org,
                nameEn: flags.orgName as string,
                nameJa: null,
                country: flags.orgCountry ?? null,
                kind: (flags.orgKind ?? 'government') as OrganisationKind,
              },
            },
        url: flags.url,
        publicKey: keyArgument(flags.publicKey),
      })
      process.stdout.write(
        `${result === 'exists' ? 'Already registered, the same: nothing changed.' : 'Registered.'}\n${added.id}\t${flags.org}\t${added.url}\t${added.status}\n`,
      )
    })
  })

  common(
    peer
      .command('list')
      .description(
        'Peers: id, organisation, URL, status, seq applied, head announced, lag, last contact, last error.',
      ),
  ).action(async (flags: NodeFlags) => {
    await withNode(flags, async (node) => {
      const codes = await orgCodes(node)
      process.stdout.write('id\torg\turl\tstatus\tseq\thead\tlag\tlast_contact\tlast_error\n')
      for (const p of await listPeers(node.ctx)) {
        const current =
          p.sync.lastError !== null &&
          (p.sync.lastSuccessAt === null || (p.sync.lastErrorAt ?? '') > p.sync.lastSuccessAt)
        process.stdout.write(
          `${p.id}\t${codes.get(p.organisation) ?? p.organisation}\t${p.url}\t${p.status}${p.statusReason ? ` (${p.statusReason})` : ''}\t${p.sync.seq}\t${p.sync.head}\t${p.sync.lag}\t${p.sync.lastContactAt ?? 'never'}\t${current ? p.sync.lastError : ''}\n`,
        )
      }
    })
  })

  const change = async (flags: NodeFlags, id: string, what: PeerChange, done: string) =>
    withNode(flags, async (node) => {
      const current = await getPeer(node.ctx, id)
      const next = await changePeer(node.ctx, cliActor(node), id, {
        ...what,
        version: current.version,
      })
      process.stdout.write(`${done}\n${next.id}\t${next.url}\t${next.status}\n`)
    })

  common(
    peer
      .command('suspend')
      .description('Suspend a peer: its pulls are refused and this node stops pulling from it.')
      .argument('<id>', "the peer's node id")
      .requiredOption('--reason <text>', 'why, as its pulls will be told'),
  ).action(async (id: string, flags: NodeFlags & { reason: string }) =>
    change(flags, id, { action: 'suspend', reason: flags.reason }, 'Suspended.'),
  )

  common(
    peer
      .command('resume')
      .description('Reactivate a suspended peer.')
      .argument('<id>', "the peer's node id"),
  ).action(async (id: string, flags: NodeFlags) =>
    change(flags, id, { action: 'reactivate' }, 'Reactivated.'),
  )

  common(
    peer
      .command('rotate-key')
      .description(
        "Register a peer's new public key; the old one stays valid for pages up to a seq.",
      )
      .argument('<id>', "the peer's node id")
      .requiredOption('--public-key <key>', 'the new key: base64 on one line, or @file (PEM)')
      .option(
        '--old-valid-to <seq>',
        "the last seq the old key signed (the peer's `kizuna key rotate` prints it)",
      ),
  ).action(async (id: string, flags: NodeFlags & { publicKey: string; oldValidTo?: string }) =>
    change(
      flags,
      id,
      {
        action: 'rotate-key',
        publicKey: keyArgument(flags.publicKey),
        oldKeyValidToSeq: seqFlag(flags.oldValidTo, '--old-valid-to'),
      },
      'Key rotated.',
    ),
  )

  common(
    peer
      .command('set-url')
      .description('Change where a peer answers.')
      .argument('<id>', "the peer's node id")
      .argument('<url>', 'e.g. https://kizuna.example.org'),
  ).action(async (id: string, url: string, flags: NodeFlags) =>
    change(flags, id, { action: 'set-url', url }, 'URL changed.'),
  )
}
