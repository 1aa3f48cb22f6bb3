/**
 * @module web/common/search-box
 * A search field whose text reaches the page (and so the server) `delayMs` after the last keystroke,
 * and which follows the page's value when it changes from outside (Back, a cleared filter).
 */
import { useEffect, useId, useRef, useState } from 'react'
import { useDebouncedValue } from './use-debounced-value.js'

export interface SearchBoxProps {
  label: string
  placeholder?: string
  value: string
  onSearch: (text: string) => void
  delayMs?: number
}

export function SearchBox({ label, placeholder, value, onSearch, delayMs = 300 }: SearchBoxProps) {
  const id = useId()
  const [text, setText] = useState(value)
  const settled = useDebouncedValue(text, delayMs)
  const sent = useRef(value)

  useEffect(() => {
    if (settled.trim() === sent.current) return
    sent.current = settled.trim()
    onSearch(settled.trim())
  }, [settled, onSearch])

  useEffect(() => {
    if (value === sent.current) return
    sent.current = value
    setText(value)
  }, [value])

  return (
    <div className="search-box">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            sent.current = text.trim()
            onSearch(text.trim())
          }
        }}
      />
    </div>
  )
}
