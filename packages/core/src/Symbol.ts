/**
 * Lichat symbols (spec §1.1): a name that lives in a package.
 *
 * Symbols are interned: there is exactly one `Sym` object per known
 * (package, name) pair, so symbols compare with `===`. The table of known
 * symbols is fixed by the code that defines the protocol model; reading from
 * the wire only ever looks symbols up (`find`, `findBare`) and substitutes
 * one of the placeholders for anything unknown, so a client cannot grow
 * server memory with invented names.
 *
 * Real peers drop packages: lichat-js prints every class bare
 * (`(BACKFILL …)`), ex-lichat and the Lisp library keep every update in one
 * package. So a name written without a package (`findBare`) is resolved to
 * the known symbol of that name in any package.
 *
 * @since 0.1.0
 */

/** The package of core protocol symbols, printed without a prefix. */
export const LICHAT = "lichat"
/** The package of keywords, printed with a leading `:`. */
export const KEYWORD = "keyword"
/** The package of the Shirakumo extensions. */
export const SHIRAKUMO = "shirakumo"

/** A symbol: a lower-case `name` in a lower-case `pkg`. Compare with `===`. */
export class Sym {
  readonly pkg: string
  readonly name: string
  /** `true` for the two placeholders that stand for symbols nobody defined. */
  readonly unknown: boolean
  constructor(pkg: string, name: string, unknown: boolean) {
    this.pkg = pkg
    this.name = name
    this.unknown = unknown
  }
  /** Whether this symbol lives in the `keyword` package. */
  get isKeyword(): boolean {
    return this.pkg === KEYWORD
  }
  toString(): string {
    return this.pkg === LICHAT ? this.name : this.pkg === KEYWORD ? `:${this.name}` : `${this.pkg}:${this.name}`
  }
}

const packages = new Map<string, Map<string, Sym>>([
  [LICHAT, new Map()],
  [KEYWORD, new Map()],
  [SHIRAKUMO, new Map()]
])

/**
 * What a name written without a package means: the `lichat` symbol of that
 * name if there is one, else the symbol of that name in the extension
 * package that defined it first (the packages are fixed at load time, so
 * this order is too). Should two extension packages ever define one name,
 * the later one is reachable only with its package written out, and the
 * printer writes it so (see `isBare`): the core protocol is never shadowed,
 * and what the server prints always reads back as the same symbol.
 * Keywords are not in this table: `topic` is never `:topic`.
 */
const bare = new Map<string, Sym>()
/** Counts changes of `bare` that took a name from a symbol, for printers that cache. */
let bareRevision = 0

/** The placeholder read in place of an unknown keyword. */
export const UnknownKeyword: Sym = new Sym(KEYWORD, "unknown-symbol", true)
/** The placeholder read in place of any other unknown symbol. */
export const UnknownSymbol: Sym = new Sym(LICHAT, "unknown-symbol", true)

/**
 * Registers a symbol as known and returns the unique `Sym` for it. Only
 * protocol definitions call this, at module load; wire input never does.
 */
export const intern = (pkg: string, name: string): Sym => {
  const p = pkg.toLowerCase()
  const n = name.toLowerCase()
  let table = packages.get(p)
  if (table === undefined) {
    table = new Map()
    packages.set(p, table)
  }
  let sym = table.get(n)
  if (sym === undefined) {
    sym = new Sym(p, n, false)
    table.set(n, sym)
    if (p !== KEYWORD) {
      const holder = bare.get(n)
      if (holder === undefined) bare.set(n, sym)
      else if (p === LICHAT) {
        bare.set(n, sym)
        bareRevision++
      }
    }
  }
  return sym
}

/** Looks up a known symbol, case-insensitively; `undefined` when unknown. */
export const find = (pkg: string, name: string): Sym | undefined => {
  // Fast path: names on the wire are usually already lower case.
  const table = packages.get(pkg) ?? packages.get(pkg.toLowerCase())
  return table === undefined ? undefined : table.get(name) ?? table.get(name.toLowerCase())
}

/** Looks up a symbol or returns the matching placeholder. */
export const findOrPlaceholder = (pkg: string, name: string): Sym =>
  find(pkg, name) ?? (pkg.toLowerCase() === KEYWORD ? UnknownKeyword : UnknownSymbol)

/** The known non-keyword symbol a name written without a package stands for, case-insensitively. */
export const findBare = (name: string): Sym | undefined => bare.get(name) ?? bare.get(name.toLowerCase())

/**
 * Reads a symbol as written on the wire: `name` alone, or `pkg:name`. A
 * package that does not hold the name — unknown (`lichat-js:`,
 * `lichat-protocol:`, `#:`) or the wrong one (`lichat:backfill`) — is
 * passed over and the name resolved as if bare, since every peer that
 * writes packages at all writes them differently. Unknown names read as a
 * placeholder.
 */
export const readSymbolName = (pkg: string | undefined, name: string): Sym => {
  if (pkg !== undefined) {
    const exact = find(pkg, name)
    if (exact !== undefined) return exact
    if (pkg.toLowerCase() === KEYWORD) return UnknownKeyword
  }
  return findBare(name) ?? UnknownSymbol
}

/** Whether a symbol may be printed without its package: its bare name reads back as it. */
export const isBare = (sym: Sym): boolean => sym.pkg !== KEYWORD && bare.get(sym.name) === sym

/** Changes whenever a name's bare meaning moved to another symbol (a cache of printed symbols is then stale). */
export const bareNamesRevision = (): number => bareRevision

/** Whether a package name is known. */
export const isKnownPackage = (pkg: string): boolean => packages.has(pkg.toLowerCase())

/** Shorthand for a known keyword. */
export const keyword = (name: string): Sym => intern(KEYWORD, name)

/** Shorthand for a known `lichat` symbol. */
export const lichat = (name: string): Sym => intern(LICHAT, name)

/** The lichat symbol `NIL`: false, empty. */
export const NIL: Sym = lichat("nil")
/** The lichat symbol `T`: true. */
export const T: Sym = lichat("t")

const classes = new Set<Sym>()

/** Marks a known symbol as naming an update class that may head an object. */
export const defineClass = (sym: Sym): Sym => {
  classes.add(sym)
  return sym
}

/** Whether a symbol names a known update class (spec §1.2). */
export const isClass = (sym: Sym): boolean => classes.has(sym)
