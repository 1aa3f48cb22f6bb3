/**
 * @module cli/commands/proposal
 * `kizuna proposal list|show|accept|decline|withdraw`: proposals of other nodes' plans that ask this
 * node for its stock (incoming), and this node's own (outgoing), with the decision the stock's node
 * made. Accepting creates the consignment here in planned, reserving the stock; declining needs a
 * reason; withdrawing takes one of this node's own back before the other node decided.
 */
import type { Command } from 'commander'
import { LedgerWriter } from '../../app/ledger-writer.js'
import {
  acceptProposal,
  declineProposal,
  getProposal,
  listProposals,
  proposalBody,
} from '../../app/proposals.js'
import { withdrawProposal } from '../../app/withdraw-proposal.js'
import { UsageError } from '../usage-error.js'
import { cliActor, common, type Node, type NodeFlags, withNode } from './route.js'

type Body = ReturnType<typeof proposalBody>

const stock = (node: Node) => ({ ctx: node.ctx, writer: new LedgerWriter(node.ctx) })
const print = (text: string) => process.stdout.write(text)

function row(p: Body): string {
  const units = p.lines.reduce((sum, line) => sum + line.quantity, 0)
  const who = p.incoming ? `from node ${p.home}` : `to node ${p.peer}`
  const decided = p.decision
    ? `${p.decision.reason ? `\t${p.decision.reason}` : ''}${p.decision.consignment ? `\tconsignment ${p.decision.consignment}` : ''}`
    : ''
  return `${p.id}\t${p.state}\t${who}\t${p.lines.length} lines, ${units} units\tdeparts ${p.departure}${decided}\n`
}

function detail(p: Body): string {
  const head = row(p)
  const lines = p.lines.map(
    (l) => `  ${l.item}\towner ${l.owner}\tlot ${l.lot}\t${l.quantity}\trequest ${l.request}\n`,
  )
  return `${head}  plan ${p.plan}\tfrom ${p.origin} to ${p.destination}\tneeded by ${p.neededBy ?? '-'}\tETA ${p.eta}\n${lines.join('')}`
}

export function proposalCommand(program: Command): void {
  const proposal = program
    .command('proposal')
    .alias('proposals')
    .description(
      "Proposals: other nodes' plans asking for this node's stock (accept or decline), and this node's own.",
    )

  common(
    proposal
      .command('list')
      .description('Proposals, newest first, with their state.')
      .option('--incoming', 'only those addressed to this node')
      .option('--outgoing', "only this node's own")
      .option('--plan <id>', 'only those of one plan')
      .option('--json', 'as JSON')
      .addHelpText('after', '\nExamples:\n  kizuna proposal list --incoming'),
  ).action(
    async (
      flags: NodeFlags & { incoming?: boolean; outgoing?: boolean; plan?: string; json?: boolean },
    ) => {
      if (flags.incoming && flags.outgoing)
        throw new UsageError('--incoming and --outgoing: one or the other, or neither for both')
      await withNode(flags, async (node) => {
        const id = node.ctx.node.id
        const page = await listProposals(
          node.ctx,
          {
            plan: flags.plan,
            ...(flags.incoming ? { peer: id } : {}),
            ...(flags.outgoing ? { home: id } : {}),
            limit: 5000,
            offset: 0,
          },
          null,
        )
        const bodies = page.rows.map((view) => proposalBody(view, id))
        if (flags.json) print(`${JSON.stringify(bodies, null, 2)}\n`)
        else print(bodies.map(row).join(''))
      })
    },
  )

  common(
    proposal
      .command('show')
      .description('One proposal: its lines, places, times and decision.')
      .argument('<id>', 'proposal id')
      .option('--json', 'as JSON'),
  ).action(async (id: string, flags: NodeFlags & { json?: boolean }) => {
    await withNode(flags, async (node) => {
      const body = proposalBody(await getProposal(node.ctx, id, null), node.ctx.node.id)
      print(flags.json ? `${JSON.stringify(body, null, 2)}\n` : detail(body))
    })
  })

  common(
    proposal
      .command('accept')
      .description(
        'Accept a proposal addressed to this node: its consignment is created here in planned, reserving the stock.',
      )
      .argument('<id>', 'proposal id'),
  ).action(async (id: string, flags: NodeFlags) => {
    await withNode(flags, async (node) => {
      const done = await acceptProposal(stock(node), cliActor(node), id)
      print(row(proposalBody(done, node.ctx.node.id)))
    })
  })

  common(
    proposal
      .command('decline')
      .description('Decline a proposal addressed to this node, saying why.')
      .argument('<id>', 'proposal id')
      .requiredOption('--reason <text>', 'why: the proposing planners read it')
      .addHelpText(
        'after',
        '\nExamples:\n  kizuna proposal decline 0190… --reason "kept for the US shelters"',
      ),
  ).action(async (id: string, flags: NodeFlags & { reason: string }) => {
    await withNode(flags, async (node) => {
      const done = await declineProposal(stock(node), cliActor(node), id, flags.reason)
      print(row(proposalBody(done, node.ctx.node.id)))
    })
  })

  common(
    proposal
      .command('withdraw')
      .description(
        "Withdraw one of this node's proposals before the other node decided: its request lines are planned no more.",
      )
      .argument('<id>', 'proposal id'),
  ).action(async (id: string, flags: NodeFlags) => {
    await withNode(flags, async (node) => {
      const done = await withdrawProposal(node.ctx, cliActor(node), id)
      print(row(proposalBody(done, node.ctx.node.id)))
    })
  })
}
