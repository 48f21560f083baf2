/**
 * Content types for shirakumo-data: a content type must be a well-formed
 * `type/subtype` with optional `; name=value` parameters, and its whole
 * normalised value must be in the accepted list.
 *
 * @since 0.1.0
 */

/** A parsed content type: lower-cased type, subtype and parameters. */
interface ContentType {
  readonly type: string
  readonly subtype: string
  readonly parameters: ReadonlyArray<readonly [name: string, value: string]>
}

// RFC 7230 §3.2.6 `token`, and the characters of a quoted-string (qdtext and quoted-pair, without obs-text).
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const TOKEN_PREFIX = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/
const QDTEXT = /[\t !#-[\]-~]/
const QUOTABLE = /[\t -~]/
const skipOws = (text: string) => text.replace(/^[ \t]+/, "")

/**
 * Parses `type/subtype *( ";" name=value )`, value a token or quoted-string
 * (RFC 7231 §3.1.1.1), spaces and tabs allowed around `;` and `=`;
 * `undefined` for bad syntax, control characters or non-ASCII.
 */
const parseContentType = (value: string): ContentType | undefined => {
  let rest = value.replace(/^[ \t]+|[ \t]+$/g, "")
  const type = TOKEN_PREFIX.exec(rest)?.[0]
  if (type === undefined || rest[type.length] !== "/") return undefined
  rest = rest.slice(type.length + 1)
  const subtype = TOKEN_PREFIX.exec(rest)?.[0]
  if (subtype === undefined) return undefined
  rest = rest.slice(subtype.length)
  const parameters: Array<readonly [string, string]> = []
  while (rest !== "") {
    rest = skipOws(rest)
    if (!rest.startsWith(";")) return undefined
    rest = skipOws(rest.slice(1))
    const name = TOKEN_PREFIX.exec(rest)?.[0]
    if (name === undefined) return undefined
    rest = skipOws(rest.slice(name.length))
    if (!rest.startsWith("=")) return undefined
    rest = skipOws(rest.slice(1))
    let parameter = ""
    if (rest.startsWith("\"")) {
      let i = 1
      for (; i < rest.length && rest.charAt(i) !== "\""; i++) {
        if (rest.charAt(i) === "\\" && i + 1 < rest.length && QUOTABLE.test(rest.charAt(i + 1))) parameter += rest.charAt(++i)
        else if (QDTEXT.test(rest.charAt(i))) parameter += rest.charAt(i)
        else return undefined
      }
      if (i >= rest.length) return undefined
      rest = rest.slice(i + 1)
    } else {
      const token = TOKEN_PREFIX.exec(rest)?.[0]
      if (token === undefined) return undefined
      parameter = token
      rest = rest.slice(token.length)
    }
    parameters.push([name.toLowerCase(), parameter.toLowerCase()])
  }
  return { type: type.toLowerCase(), subtype: subtype.toLowerCase(), parameters }
}

/** The canonical text of a parsed content type: no whitespace, values as tokens where they can be. */
const formatContentType = (contentType: ContentType): string =>
  `${contentType.type}/${contentType.subtype}` +
  contentType.parameters.map(([name, value]) =>
    `;${name}=${TOKEN.test(value) ? value : `"${value.replace(/["\\]/g, "\\$&")}"`}`
  ).join("")

/** The canonical form of a content type, or `undefined` when it is malformed. */
const normalizeContentType = (value: string): string | undefined => {
  const parsed = parseContentType(value)
  return parsed === undefined ? undefined : formatContentType(parsed)
}

/**
 * The canonical form of `contentType` when it is well-formed and that whole
 * value (parameters included) is in the accepted list, else `undefined`.
 */
export const allowedType = (allowed: ReadonlyArray<string>, contentType: string): string | undefined => {
  const normal = normalizeContentType(contentType)
  return normal !== undefined && normalizedList(allowed).has(normal) ? normal : undefined
}

const normalizedLists = new WeakMap<ReadonlyArray<string>, ReadonlySet<string>>()

/** The allow-list in canonical form, computed once per list (the configuration's never changes). */
const normalizedList = (allowed: ReadonlyArray<string>): ReadonlySet<string> => {
  let set = normalizedLists.get(allowed)
  if (set === undefined) {
    set = new Set(allowed.flatMap((entry) => normalizeContentType(entry) ?? []))
    normalizedLists.set(allowed, set)
  }
  return set
}
