/**
 * @module web/operations/operation-model
 * The operation form's draft (its checks as typed are in operation-checks.ts), the PATCH body it becomes, and a refusal's field
 * errors by form field — a figure's error by its standard key, so it shows beside that figure.
 */
import type { Standard } from '@contract/needs.js'
import type { OperationUpdate } from '@contract/requests.js'
import type { ApiError } from '../api.js'
import type { FieldErrors } from '../common/form.js'
import { figureField, figureValue, type OperationDraft } from './operation-checks.js'
import type { Operation } from './operations.js'

export {
  figureField,
  figureValue,
  type OperationDraft,
  operationProblems,
} from './operation-checks.js'

export function draftOf(operation: Operation): OperationDraft {
  return {
    name: operation.name,
    startedOn: operation.startedOn,
    endedOn: operation.endedOn ?? '',
    figures: Object.fromEntries(
      Object.entries(operation.standards).map(([key, value]) => [key, String(value)]),
    ),
  }
}

/**
 * Every figure of the table is sent: a number sets the operation's own, null (a blank) goes back to the
 * bundled one. Figures for keys the table does not show are left as they are.
 */
export function updateOf(
  operation: Operation,
  draft: OperationDraft,
  standards: readonly Standard[],
): OperationUpdate {
  const figures: Record<string, number | null> = {}
  for (const standard of standards) {
    const value = figureValue(draft.figures[standard.key] ?? '')
    figures[standard.key] = value ?? null
  }
  return {
    version: operation.version,
    name: draft.name.trim(),
    startedOn: draft.startedOn,
    endedOn: draft.endedOn === '' ? null : draft.endedOn,
    standards: figures,
  }
}

/** "body.standards.<key>" and "standards.<key>" become the figure's field; the rest by their name. */
export function operationErrorsOf(error: ApiError | undefined): FieldErrors {
  const errors: FieldErrors = {}
  if (!error || !Array.isArray(error.details)) return errors
  for (const detail of error.details as unknown[]) {
    if (typeof detail !== 'object' || detail === null) continue
    const { field, message } = detail as { field?: unknown; message?: unknown }
    if (typeof field !== 'string' || typeof message !== 'string') continue
    const bare = field.replace(/^body\./, '')
    const figure = /^standards\.(.+)$/.exec(bare)?.[1]
    const name = figure ? figureField(figure) : (bare.split('.')[0] ?? bare)
    errors[name] ??= message
  }
  return errors
}
