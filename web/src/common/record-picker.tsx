/**
 * @module web/common/record-picker
 * Choose one record by searching for it: a text field that is an ARIA combobox with a list box of
 * matches from the server. Typing searches (debounced; the previous search is aborted); ↓ and ↑ move
 * through the matches, Enter chooses, Escape closes. The field shows the chosen record; emptying it
 * (or the clear button) clears the choice, and leaving it half-typed brings the choice back. The label,
 * hint and error are tied to the field like every other field of a form.
 */
import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, isAbort } from '../api.js'
import type { Language } from '../i18n/i18n.js'
import { useDebouncedValue } from './use-debounced-value.js'

export interface PickerOption {
  id: string
  /** What the field shows once chosen. */
  text: string
  /** The language of `text` when it differs from the page's (a name only known in Japanese). */
  lang?: Language | undefined
  /** A second line in the list: code, type, unit … */
  detail?: string | undefined
}

export interface RecordPickerProps<T extends PickerOption> {
  label: string
  name: string
  selected: T | undefined
  onSelect: (option: T | undefined) => void
  /** The matches for a text ('' when the list is opened without typing). Must be stable (useCallback). */
  search: (text: string, signal: AbortSignal) => Promise<T[]>
  placeholder?: string
  hint?: ReactNode
  error?: string | undefined
  required?: boolean
  optional?: boolean
  className?: string
  autoFocus?: boolean
}

export function RecordPicker<T extends PickerOption>({
  label,
  name,
  selected,
  onSelect,
  search,
  placeholder,
  hint,
  error,
  required,
  optional,
  className,
  autoFocus,
}: RecordPickerProps<T>) {
  const { t } = useTranslation()
  const id = useId()
  const listId = `${id}-list`
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const [text, setText] = useState(selected?.text ?? '')
  /** The user typed since the list opened: search for the text, not for the chosen record's name. */
  const [typed, setTyped] = useState(false)
  const [open, setOpen] = useState(false)
  const [options, setOptions] = useState<T[]>([])
  const [active, setActive] = useState(-1)
  const [searching, setSearching] = useState(false)
  const [failure, setFailure] = useState<ApiError>()
  /** The text the matches shown are for: until the matches of what is typed arrive, Enter waits. */
  const [matchesFor, setMatchesFor] = useState<string>()
  const settled = useDebouncedValue(text, 250)
  const query = typed ? settled.trim() : ''
  const inputRef = useRef<HTMLInputElement>(null)
  /** Enter was pressed before the matches of the text arrived (a fast typist, a barcode scanner). */
  const enterPending = useRef(false)

  // The choice changed from outside (prefilled, cleared by "Clear filters"): show it.
  const selectedText = selected?.text
  useEffect(() => {
    setText(selectedText ?? '')
    setTyped(false)
  }, [selectedText])

  // The caller's onSelect may be a new function at every render: the search must not restart for it.
  const onSelectRef = useRef(onSelect)
  onSelectRef.current = onSelect
  const choose = useCallback((option: T) => {
    onSelectRef.current(option)
    setText(option.text)
    setTyped(false)
    setOpen(false)
  }, [])
  /** What the matches should be for now (read by a search that ends later). */
  const wanted = useRef('')
  wanted.current = typed ? text.trim() : ''

  useEffect(() => {
    if (!open) return
    const controller = new AbortController()
    setSearching(true)
    search(query, controller.signal).then(
      (found) => {
        setOptions(found)
        setActive(found.length > 0 ? 0 : -1)
        setMatchesFor(query)
        const first = found[0]
        if (enterPending.current && first && query === wanted.current) {
          enterPending.current = false
          choose(first)
        }
        setFailure(undefined)
        setSearching(false)
      },
      (problem: unknown) => {
        if (isAbort(problem)) return
        setOptions([])
        setActive(-1)
        setFailure(
          problem instanceof ApiError ? problem : new ApiError(0, 'unexpected', String(problem)),
        )
        setSearching(false)
      },
    )
    return () => controller.abort()
  }, [open, query, search, choose])

  const close = () => {
    enterPending.current = false
    setOpen(false)
    setTyped(false)
  }

  const onBlur = () => {
    close()
    if (text.trim() === '') {
      if (selected) onSelect(undefined)
    } else {
      setText(selected?.text ?? text)
    }
  }

  const optionId = (index: number) => `${id}-option-${index}`
  const shown = open && options.length > 0
  const fresh = !searching && matchesFor === wanted.current
  const status = !open
    ? ''
    : !fresh
      ? t('picker.searching')
      : failure
        ? t('picker.failed')
        : options.length === 0
          ? t('picker.noResults')
          : t('picker.results', { count: options.length })

  return (
    <div className={className ? `field-box picker ${className}` : 'field-box picker'}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional-mark"> {t('form.optional')}</span>}
      </label>
      <div className="picker-control">
        <input
          ref={inputRef}
          id={id}
          name={name}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls={listId}
          aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={
            [hint !== undefined && hintId, error && errorId].filter(Boolean).join(' ') || undefined
          }
          aria-required={required || undefined}
          lang={selected && text === selected.text ? selected.lang : undefined}
          value={text}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          // biome-ignore lint/a11y/noAutofocus: only the first field of a screen that is about nothing else
          autoFocus={autoFocus}
          onChange={(event) => {
            enterPending.current = false
            setText(event.target.value)
            setTyped(true)
            setOpen(true)
          }}
          onClick={() => setOpen(true)}
          onBlur={onBlur}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault()
              if (!open) setOpen(true)
              else setActive((index) => Math.min(index + 1, options.length - 1))
            } else if (event.key === 'ArrowUp') {
              event.preventDefault()
              setActive((index) => Math.max(index - 1, 0))
            } else if (event.key === 'Enter' && open) {
              // While the list is open, Enter chooses (or waits for the matches): it never sends the form.
              event.preventDefault()
              const option = shown && fresh ? options[active] : undefined
              if (option) choose(option)
              else if (!fresh) enterPending.current = true
            } else if (event.key === 'Escape' && open) {
              event.preventDefault()
              close()
              setText(selected?.text ?? text)
            }
          }}
        />
        {selected && (
          <button
            type="button"
            className="picker-clear"
            aria-label={t('picker.clear', { label })}
            onClick={() => {
              onSelect(undefined)
              setText('')
              inputRef.current?.focus()
            }}
          >
            <span aria-hidden="true">×</span>
          </button>
        )}
        <div id={listId} role="listbox" aria-label={label} className="picker-list" hidden={!shown}>
          {options.map((option, index) => (
            // The keyboard stays in the combobox, which points at the active option
            // (aria-activedescendant): options are not focused themselves.
            // biome-ignore lint/a11y/useKeyWithClickEvents: see above
            // biome-ignore lint/a11y/useFocusableInteractive: see above
            <div
              key={option.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'picker-option active' : 'picker-option'}
              // Keeps the focus in the field, so choosing with the pointer does not blur it first.
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => setActive(index)}
              onClick={() => choose(option)}
            >
              <span lang={option.lang}>{option.text}</span>
              {option.detail && <span className="picker-detail">{option.detail}</span>}
            </div>
          ))}
        </div>
      </div>
      <span className="visually-hidden" aria-live="polite">
        {status}
      </span>
      {open && fresh && !shown && (
        <p className="picker-empty">{failure ? t('picker.failed') : t('picker.noResults')}</p>
      )}
      {hint !== undefined && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  )
}
