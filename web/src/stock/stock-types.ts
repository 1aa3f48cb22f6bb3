/**
 * @module web/stock/stock-types
 * The stock API's shapes as the web app reads them (types only, from the contract's schemas), and the
 * five movements this app records.
 */
import type {
  balanceListSchema,
  balanceSchema,
  batchOutcomeSchema,
  categoryTotalSchema,
  stockCardSchema,
} from '@contract/stock.js'
import type { z } from 'zod'

export type Balance = z.infer<typeof balanceSchema>
export type BalanceList = z.infer<typeof balanceListSchema>
export type CategoryTotal = z.infer<typeof categoryTotalSchema>
export type StockCard = z.infer<typeof stockCardSchema>
export type StockCardLine = StockCard['lines'][number]
export type BatchOutcome = z.infer<typeof batchOutcomeSchema>
export type Transfer = BatchOutcome['transfers'][number]

export const movementKinds = ['receive', 'move', 'adjust', 'loss', 'issue'] as const
export type MovementKind = (typeof movementKinds)[number]

export function isMovementKind(value: string | undefined): value is MovementKind {
  return (movementKinds as readonly string[]).includes(value ?? '')
}

/** Place types that hold stock: what the place pickers of the stock screens search. */
export const stockPlaceTypes = ['hub', 'warehouse', 'staging-area', 'distribution-point'] as const
