/**
 * @module web/operations/operation-checks
 * The operation form's draft and its problems as typed, by the contract's own operationUpdateSchema
 * (the one PATCH /api/operations/:id validates with), with a figure's problem named by its standard so
 * it shows beside that figure. No React here, so the checks are unit-tested in Node.
 */
import { operationUpdateSchema } from '@contract/requests.js'
import type { ClientErrors } from '../common/messages.js'
import { schemaErrorsByPath } from '../common/schema-errors.js'

export interface OperationDraft {
  name: string
  startedOn: string
  endedOn: string
  /** The operation's own figure typed for each standard key; '' uses the bundled one. */
  figures: Record<string, string>
}

export const figureField = (key: string) => `figure:${key}`

/** A typed figure as a number: full-width digits and a decimal comma are read too. */
export function figureValue(text: string): number | undefined {
  const plain = text
    .trim()
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[．，,]/g, '.')
  if (plain === '' || !/^\d+(\.\d+)?$/.test(plain)) return undefined
  return Number(plain)
}

const figureMax = 1_000_000_000

/** A figure as typed: the number when the text is one, the text when not (the schema refuses it). */
function typedFigure(text: string): number | string | null {
  if (text.trim() === '') return null
  return figureValue(text) ?? text.trim()
}

/**
 * The form's problems as typed, by the contract's operationUpdateSchema (the one PATCH
 * /api/operations/:id validates with) run on what the form would send, figures as typed.
 */
export function operationProblems(draft: OperationDraft): ClientErrors {
  const body = {
    version: 1,
    name: draft.name.trim(),
    startedOn: draft.startedOn,
    endedOn: draft.endedOn === '' ? null : draft.endedOn,
    standards: Object.fromEntries(
      Object.entries(draft.figures).map(([key, text]) => [key, typedFigure(text)]),
    ),
  }
  const errors: ClientErrors = {}
  for (const [path, message] of Object.entries(
    schemaErrorsByPath(operationUpdateSchema, body, {
      name: 'operations.errors.nameRequired',
      startedOn: 'operations.errors.startedOnRequired',
    }),
  )) {
    const figure = /^standards\.(.+)$/.exec(path)?.[1]
    if (figure) errors[figureField(figure)] = ['operations.errors.figure', { max: figureMax }]
    else errors[path] = message
  }
  // An end before the start compares two fields, which the schema does not.
  if (!errors.endedOn && draft.endedOn !== '' && draft.startedOn !== '')
    if (draft.endedOn < draft.startedOn) errors.endedOn = 'operations.errors.endedBeforeStarted'
  return errors
}
