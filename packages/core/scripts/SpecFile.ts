/**
 * A small reader for the machine-readable Lichat definition files
 * (`lichat.sexpr`, `shirakumo.sexpr`; spec §1.4), used by the model
 * generator and by the spec-coverage test. It is independent of the wire
 * reader on purpose: the definitions name symbols the wire reader does not
 * know yet, and a test that checks the model should not trust the model's
 * own machinery.
 */

/** A symbol as written in a definition file, lower-cased. */
export interface SpecSymbol {
  readonly pkg: string
  readonly name: string
}

/** A type expression (§1.4 `TYPE`), in a canonical text form: `string`, `(list string)`, `(or (list symbol) t)`. */
type SpecType = string

/** One slot of an object definition. */
export interface SpecSlot {
  readonly name: SpecSymbol
  readonly type: SpecType
  readonly optional: boolean
}

/** An object definition, or an object extension (`define-object-extension`). */
export interface SpecObject {
  readonly name: SpecSymbol
  readonly supers: ReadonlyArray<SpecSymbol>
  readonly slots: ReadonlyArray<SpecSlot>
  /** The extension that defines it, if any. */
  readonly extension: string | undefined
}

/** A whole definition file. */
export interface SpecFile {
  readonly packages: ReadonlyArray<string>
  readonly objects: ReadonlyArray<SpecObject>
  readonly objectExtensions: ReadonlyArray<SpecObject>
  readonly extensions: ReadonlyArray<string>
}

type Expr = string | SpecSymbol | ReadonlyArray<Expr>

const isSymbol = (e: Expr): e is SpecSymbol => typeof e === "object" && !Array.isArray(e)

/** Reads every expression of a definition file. */
const readExpressions = (text: string): Array<Expr> => {
  let pos = 0
  const skip = () => {
    while (pos < text.length) {
      if (/\s/.test(text[pos]!)) pos++
      else if (text[pos] === ";") while (pos < text.length && text[pos] !== "\n") pos++
      else break
    }
  }
  const read = (): Expr => {
    skip()
    const c = text[pos]
    if (c === undefined) throw new Error("unexpected end of definitions")
    if (c === "(") {
      pos++
      const list: Array<Expr> = []
      for (;;) {
        skip()
        if (text[pos] === ")") {
          pos++
          return list
        }
        list.push(read())
      }
    }
    if (c === "\"") {
      let out = ""
      pos++
      while (text[pos] !== "\"") {
        if (text[pos] === "\\") pos++
        out += text[pos++]
      }
      pos++
      return out
    }
    const start = pos
    while (pos < text.length && !/[\s()"]/.test(text[pos]!)) pos++
    const token = text.slice(start, pos).toLowerCase()
    if (token.startsWith(":")) return { pkg: "keyword", name: token.slice(1) }
    const colon = token.indexOf(":")
    return colon < 0 ? { pkg: "lichat", name: token } : { pkg: token.slice(0, colon), name: token.slice(colon + 1) }
  }
  const out: Array<Expr> = []
  for (skip(); pos < text.length; skip()) out.push(read())
  return out
}

const typeText = (e: Expr): SpecType =>
  isSymbol(e) ? e.name : typeof e === "string" ? JSON.stringify(e) : `(${e.map(typeText).join(" ")})`

const object = (form: ReadonlyArray<Expr>, extension: string | undefined): SpecObject => {
  const [, name, supers, ...slots] = form
  if (name === undefined || !isSymbol(name) || !Array.isArray(supers)) throw new Error("malformed definition")
  return {
    name,
    supers: (supers as ReadonlyArray<Expr>).filter(isSymbol),
    slots: slots.map((slot) => {
      const [slotName, type, ...flags] = slot as ReadonlyArray<Expr>
      if (slotName === undefined || !isSymbol(slotName) || type === undefined) throw new Error("malformed slot")
      return {
        name: slotName,
        type: typeText(type),
        optional: flags.some((f) => isSymbol(f) && f.pkg === "keyword" && f.name === "optional")
      }
    }),
    extension
  }
}

/** Parses a definition file. */
export const parse = (text: string): SpecFile => {
  const packages: Array<string> = []
  const objects: Array<SpecObject> = []
  const objectExtensions: Array<SpecObject> = []
  const extensions: Array<string> = []
  const definition = (form: ReadonlyArray<Expr>, extension: string | undefined) => {
    const head = form[0]
    if (head === undefined || !isSymbol(head)) throw new Error("malformed definition")
    if (head.name === "define-package") packages.push(String(form[1]))
    else if (head.name === "define-object") objects.push(object(form, extension))
    else if (head.name === "define-object-extension") objectExtensions.push(object(form, extension))
    else if (head.name === "define-extension") {
      const name = String(form[1])
      extensions.push(name)
      for (const inner of form.slice(2)) definition(inner as ReadonlyArray<Expr>, name)
    } else throw new Error(`unknown definition ${head.name}`)
  }
  for (const form of readExpressions(text)) definition(form as ReadonlyArray<Expr>, undefined)
  return { packages, objects, objectExtensions, extensions }
}
