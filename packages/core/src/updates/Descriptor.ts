/**
 * The runtime description of an update class: its symbol, superclasses,
 * slots (wire key, field name, type, optionality) and constructor. The
 * generated `Definitions.ts` fills the table through `define`; the codec
 * reads it.
 *
 * @since 0.1.0
 */
import { defineClass, intern, keyword, type Sym } from "../Symbol.ts"

/** A slot type in the text form of the definition files: `string`, `(list symbol)`, … */
export type SlotType = string

/** One slot of an update class. */
export interface SlotDescriptor {
  /** The slot's name in the definitions (`update-id`). */
  readonly name: string
  /** The keyword it travels under on the wire (`:update-id`). */
  readonly key: Sym
  /** The field of the class (`updateId`). */
  readonly field: string
  readonly type: SlotType
  readonly optional: boolean
  /** The extension whose object extension added (or relaxed) the slot. */
  readonly extension: string | undefined
}

/** A class constructor that skips validation is attached by the codec; this is the class as defined. */
export type UpdateClass = abstract new(...args: ReadonlyArray<never>) => { readonly _tag: string }

/** One update class. */
export interface Descriptor {
  readonly symbol: Sym
  /** The class's bare name, also its `_tag` (`channel-update`). */
  readonly tag: string
  readonly pkg: string
  readonly supers: ReadonlyArray<string>
  /** The class and every class it inherits from, by tag. */
  readonly ancestors: ReadonlySet<string>
  readonly slots: ReadonlyArray<SlotDescriptor>
  readonly extension: string | undefined
  readonly cls: UpdateClass
}

const byTag = new Map<string, Descriptor>()
const bySymbol = new Map<Sym, Descriptor>()

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** Enters a class in the table (called by the generated definitions, in order). */
export const define = (
  cls: UpdateClass,
  pkg: string,
  name: string,
  supers: ReadonlyArray<string>,
  extension: string | null,
  slots: ReadonlyArray<readonly [name: string, type: SlotType, optional: boolean, extension?: string]>
): void => {
  const ancestors = new Set<string>([name])
  for (const parent of supers) {
    const known = byTag.get(parent)
    if (known === undefined) throw new Error(`${name}: superclass ${parent} is not defined before it`)
    for (const a of known.ancestors) ancestors.add(a)
  }
  const descriptor: Descriptor = {
    symbol: defineClass(intern(pkg, name)),
    tag: name,
    pkg,
    supers,
    ancestors,
    slots: slots.map(([slot, type, optional, slotExtension]) => ({
      name: slot,
      key: keyword(slot),
      field: camel(slot),
      type,
      optional,
      extension: slotExtension
    })),
    extension: extension ?? undefined,
    cls
  }
  byTag.set(name, descriptor)
  bySymbol.set(descriptor.symbol, descriptor)
}

/** The descriptor of a class by its tag. */
export const descriptorForTag = (tag: string): Descriptor | undefined => byTag.get(tag)

/** The descriptor of a class by its symbol. */
export const descriptorFor = (symbol: Sym): Descriptor | undefined => bySymbol.get(symbol)

/** Every descriptor, in definition order. */
export const descriptors = (): ReadonlyArray<Descriptor> => Array.from(byTag.values())
