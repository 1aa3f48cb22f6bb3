/** @module web/common/messages — client-side problems as message keys, translated when shown. */

/** A message key (with its values): client-side errors are kept untranslated, so they follow the language switch. */
export type Message = string | readonly [key: string, values: Record<string, unknown>]
export type ClientErrors = Partial<Record<string, Message>>
