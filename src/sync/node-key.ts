/**
 * @module sync/node-key
 * The node's Ed25519 key pair, kept in one PEM file named by the settings (beside the SQLite file by
 * default). Every server process of a node loads the same file. Made on first start; never logged.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { NodeKey } from '../app/ports.js'

/** Parsed public keys by PEM: a peer's key verifies every page and request, so it is parsed once. */
const publicKeys = new Map<string, KeyObject>()

function publicKeyOf(pem: string): KeyObject {
  let key = publicKeys.get(pem)
  if (!key) {
    key = createPublicKey(pem)
    if (publicKeys.size >= 256) publicKeys.clear()
    publicKeys.set(pem, key)
  }
  return key
}

export function nodeKeyFrom(privateKey: KeyObject): NodeKey {
  const publicKey = createPublicKey(privateKey)
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  return {
    publicKeyPem,
    sign: (message) => sign(null, message, privateKey).toString('base64'),
    verify: (message, signature, otherPem) => {
      try {
        const key = otherPem ? publicKeyOf(otherPem) : publicKey
        return verify(null, message, key, Buffer.from(signature, 'base64'))
      } catch {
        return false
      }
    },
  }
}

/** Loads the key file, or makes a new key there (mode 0600) when `create` and none exists. */
export function loadNodeKey(path: string, create: boolean): NodeKey {
  if (!existsSync(path)) {
    if (!create)
      throw new Error(
        `node key file ${path} does not exist; run \`kizuna init\` or name it with --key`,
      )
    const { privateKey } = generateKeyPairSync('ed25519')
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    })
    return nodeKeyFrom(privateKey)
  }
  const privateKey = createPrivateKey(readFileSync(path))
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`node key file ${path} does not hold an Ed25519 private key`)
  return nodeKeyFrom(privateKey)
}

/** Makes a new key pair and writes it to `path` (which must not exist yet), mode 0600. */
export function writeNewNodeKey(path: string): NodeKey {
  const { privateKey } = generateKeyPairSync('ed25519')
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  })
  return nodeKeyFrom(privateKey)
}
