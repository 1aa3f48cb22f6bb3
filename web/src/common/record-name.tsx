/** @module web/common/record-name — a record's name in the chosen language, marked with the language it is in. */
import { type Named, nameOf } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'

export function RecordName({ record }: { record: Named }) {
  const language = useLanguage()
  const name = nameOf(record, language)
  return <span lang={name.lang === language ? undefined : name.lang}>{name.text}</span>
}
