/**
 * Just enough of Lichat's wire syntax for the abuse suite, by hand (no
 * packages/core, so that the suite does not depend on the server code it
 * measures): update texts are written as strings and replies are inspected
 * by their class and a few fields, read from the text without parsing the
 * whole update.
 */

let nextId = 1_000_000
/** A fresh update id: far above the ids the server hands out, so that `:id` in a reply is ours. */
export const freshId = (): number => nextId++

/** A Lichat string literal: `"` and `\` escaped, everything else (CR, LF, NUL-free text) as is. */
export const str = (text: string): string => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`

/** The NUL that ends every update on the wire. */
export const END = "\u0000"

/** The class of an update, lower case and without its package (`shirakumo:data` → `data`). */
export const typeOf = (update: string): string => {
  const symbol = /^\s*\(\s*([^\s()"]+)/.exec(update)?.[1]?.toLowerCase() ?? ""
  return symbol.slice(symbol.lastIndexOf(":") + 1)
}

/** A string field (`:text "…"`) read up to its closing quote, or to the end of a cut text. */
export const stringField = (update: string, field: string): string | undefined => {
  const key = `:${field} "`
  const start = update.indexOf(key)
  if (start < 0) return undefined
  let value = ""
  for (let i = start + key.length; i < update.length; i++) {
    const c = update[i]!
    if (c === "\\") value += update[++i] ?? ""
    else if (c === '"') return value
    else value += c
  }
  return value
}

/** An integer field (`:id 12`), when it is short enough to be a number. */
export const integerField = (update: string, field: string): number | undefined => {
  const digits = new RegExp(`:${field} (-?\\d{1,15})[\\s)]`).exec(update)?.[1]
  return digits === undefined ? undefined : Number(digits)
}

/** The connect update of the handshake (`:password` for a registered user). */
export const connect = (name: string, password?: string, id = freshId()): string =>
  `(connect :id ${id} :clock 0 :from ${str(name)} :version "2.0"${password === undefined ? "" : ` :password ${str(password)}`})`
