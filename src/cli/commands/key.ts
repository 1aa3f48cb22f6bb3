/**
 * @module cli/commands/key
 * `kizuna key rotate`: gives the node a new Ed25519 key. The new key is written beside the old file,
 * the rotation recorded (the old public key kept, valid up to the rotation's own event, which the old
 * key still signs), then the new file moved over the old one. Run it with the node stopped: a running
 * process would go on signing with the old key.
 */
import { existsSync, renameSync, rmSync } from 'node:fs'
import type { Command } from 'commander'
import { recordKeyRotation } from '../../app/node-identity.js'
import { publicKeyLine } from '../../domain/federation/peer.js'
import { writeNewNodeKey } from '../../sync/node-key.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'
import { cliActor, common, type NodeFlags } from './route.js'

export function keyCommand(program: Command): void {
  const key = program.command('key').description("The node's own Ed25519 key.")
  common(
    key
      .command('rotate')
      .description('Replace the node key; peers are told the new public key by their admins.')
      .addHelpText(
        'after',
        `
Stop every process of the node first (kizuna serve), and start them again afterwards: they read the
key file at start. The retired public key stays recorded, so kizuna verify still checks what it signed.
If this is interrupted after the rotation was recorded, <key>.new holds the new key: move it over <key>.`,
      ),
  ).action(async (flags: NodeFlags) => {
    const settings = databaseSettings(flags)
    const next = `${settings.keyFile}.new`
    if (existsSync(next))
      throw new UsageError(
        `${next} exists, from an interrupted rotation: if \`kizuna verify\` fails with the current key file, move it over ${settings.keyFile}; otherwise delete it, then run this again`,
      )
    const node = await openNode({ ...settings, create: false, bundledData: false })
    let rotated: Awaited<ReturnType<typeof recordKeyRotation>>
    const fresh = writeNewNodeKey(next)
    try {
      rotated = await recordKeyRotation(node.ctx, cliActor(node), fresh.publicKeyPem)
    } catch (error) {
      rmSync(next, { force: true })
      throw error
    } finally {
      await node.ctx.store.close()
    }
    renameSync(next, settings.keyFile)
    process.stdout.write(
      `Rotated the node key (${settings.keyFile}). The old key signed this node's events up to seq ${rotated.validToSeq}.\nnew public key\t${publicKeyLine(fresh.publicKeyPem)}\n\nOn each peer, its admin registers the new key with:\n  kizuna peer rotate-key ${node.ctx.node.id} --public-key ${publicKeyLine(fresh.publicKeyPem)} --old-valid-to ${rotated.validToSeq}\n`,
    )
  })
}
