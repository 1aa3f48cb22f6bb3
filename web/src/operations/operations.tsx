/**
 * @module web/operations/operations
 * The operations (the response to one disaster) this user may see, fetched once a minute at most however
 * many screens ask, and a select to choose one. Requests, pledges and estimates name the operation they
 * belong to; an operation also carries its own figures for the standards (overrides of the bundled ones).
 */
import type { operationSchema } from '@contract/requests.js'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { apiGet } from '../api.js'
import { SelectField } from '../common/form.js'

export type Operation = z.infer<typeof operationSchema>

let operations: { at: number; list: Promise<Operation[]> } | undefined

function loadOperations(): Promise<Operation[]> {
  if (!operations || Date.now() - operations.at > 60_000) {
    const list = apiGet<{ operations: Operation[] }>('/api/operations').then(
      (answer) => answer.operations,
      (error: unknown) => {
        operations = undefined // ask again next time
        throw error
      },
    )
    operations = { at: Date.now(), list }
  }
  return operations.list
}

/** After a change: the next screen that asks loads them again. */
export function forgetOperations(): void {
  operations = undefined
}

/** The operations, newest first; empty until they arrive (or when they cannot be loaded). */
export function useOperations(): Operation[] {
  const [list, setList] = useState<Operation[]>([])
  useEffect(() => {
    let live = true
    loadOperations().then(
      (loaded) => {
        if (live) setList([...loaded].sort((a, b) => b.startedOn.localeCompare(a.startedOn)))
      },
      () => {
        // the choice is then "no operation" only: still usable
      },
    )
    return () => {
      live = false
    }
  }, [])
  return list
}

export function OperationSelect({
  value,
  onChange,
  operations: list,
  hint,
  error,
  name = 'operation',
}: {
  value: string
  onChange: (id: string) => void
  operations: readonly Operation[]
  hint?: string
  error?: string | undefined
  name?: string
}) {
  const { t } = useTranslation()
  return (
    <SelectField
      label={t('operations.label')}
      name={name}
      value={value}
      onChange={onChange}
      options={[
        { value: '', label: t('operations.none') },
        ...list.map((operation) => ({
          value: operation.id,
          label: t('operations.option', { name: operation.name, startedOn: operation.startedOn }),
        })),
      ]}
      hint={hint}
      error={error}
      optional
    />
  )
}
