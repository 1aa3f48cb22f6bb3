/**
 * @module common/filter-select
 * A list's filter: a labelled select whose first choice is "all" (the empty value). The lists keep
 * their filters in the address, so `onChange` usually sets a search parameter and goes back to page one.
 */
import { type ReactNode, useId } from 'react'

export function FilterSelect({
  label,
  value,
  all,
  onChange,
  children,
}: {
  readonly label: string
  readonly value: string
  /** The first choice, meaning no filter. */
  readonly all: string
  readonly onChange: (value: string) => void
  /** The other choices, as `<option>`s. */
  readonly children: ReactNode
}) {
  const id = useId()
  return (
    <div className="select-box">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{all}</option>
        {children}
      </select>
    </div>
  )
}
