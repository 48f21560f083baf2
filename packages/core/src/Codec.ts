/**
 * Between wire objects and typed updates (spec §1.2, §5.1 checks 1 and 3):
 * `decodeUpdate` checks an object read from the wire against its class's
 * slots and builds the typed update, or says which protocol failure is due;
 * `encodeUpdate` and `printUpdate` go the other way. Both work from the
 * generated class table, with hand-written type checks (no Schema decoding
 * on this hot path: the checks here are exactly the slot types of the spec).
 *
 * @since 0.1.0
 */
import { Data, Result } from "effect"
import { printNumber, printString, printSymbol, printValue } from "./Printer.ts"
import { keyword, NIL, Sym, T } from "./Symbol.ts"
import type { Update } from "./updates/Classes.ts"
import "./updates/Definitions.ts"
import {
  type Descriptor,
  descriptorFor,
  descriptorForTag,
  type SlotDescriptor,
  type SlotType
} from "./updates/Descriptor.ts"
import { isValue } from "./updates/SlotSchemas.ts"
import { isSmallId, smallId, type Value, type ValueList, type WireObject } from "./Value.ts"

/**
 * Why a wire object is not a valid update: `invalid-update` (not an update
 * class) or `malformed-update` (a required slot missing, a slot of the wrong
 * type). `id` is the object's `:id`, when it had one.
 */
export class DecodeFailure extends Data.TaggedError("DecodeFailure")<{
  readonly kind: "invalid-update" | "malformed-update"
  readonly text: string
  readonly id?: Value | undefined
}> {}

/** A slot value that does not fit its type. */
const INVALID: unique symbol = Symbol("invalid")

const isStrings = (list: ValueList): boolean => list.every((v) => typeof v === "string")
const isSyms = (list: ValueList): boolean => list.every((v) => v instanceof Sym)
const isLists = (list: ValueList): boolean => list.every((v) => Array.isArray(v))
const asList = (value: Value): ValueList | undefined =>
  Array.isArray(value) ? value : value === NIL ? [] : undefined

/** Converts a wire value to the field value of a slot type, or `INVALID`. */
const convert = (type: SlotType, value: Value): unknown => {
  switch (type) {
    case "id":
      return isSmallId(value) ? value : INVALID
    case "string":
    case "username":
    case "channelname":
    case "password":
      return typeof value === "string" ? value : INVALID
    case "integer":
    case "time":
      return typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value)) ? value : INVALID
    case "number":
    case "float":
      return typeof value === "number" || typeof value === "bigint" ? value : INVALID
    case "symbol":
      return value instanceof Sym ? value : INVALID
    case "keyword":
      return value instanceof Sym && value.isKeyword ? value : INVALID
    case "boolean":
      return value === T ? true : value === NIL ? false : INVALID
    case "(or (list symbol) t)": {
      if (value === T) return true
      const list = asList(value)
      return list !== undefined && isSyms(list) ? list : INVALID
    }
    default: {
      const list = asList(value)
      if (list === undefined) return INVALID
      switch (type) {
        case "list":
          return list
        case "(list string)":
          return isStrings(list) ? list : INVALID
        case "(list symbol)":
          return isSyms(list) ? list : INVALID
        case "(list list)":
          return isLists(list) ? list : INVALID
        case "(list (list string))":
          return isLists(list) && list.every((l) => isStrings(l as ValueList)) ? list : INVALID
        case "(list (list list))":
          return isLists(list) && list.every((l) => isLists(l as ValueList)) ? list : INVALID
        default:
          return INVALID
      }
    }
  }
}

/** Slot types whose `NIL` is a value rather than "absent" when the slot is required. */
const nilIsValue = (type: SlotType): boolean => type === "id" || type === "symbol" || type === "boolean" || type.startsWith("(")

const ID_KEY = keyword("id")

/**
 * Decodes a wire object into a typed update. A `NIL` in an optional slot is
 * the same as no value (§1.2), except in a boolean slot, where it is
 * `false`; in a required list slot it is the empty list.
 * Unknown keys are ignored.
 */
export const decodeUpdate = (object: WireObject): Result.Result<Update, DecodeFailure> => {
  const descriptor = descriptorFor(object.type)
  if (descriptor === undefined) {
    return Result.fail(
      new DecodeFailure({ kind: "invalid-update", text: `${object.type.toString()} is not an update class.` })
    )
  }
  // The instance is built directly, without running the Schema constructor:
  // the checks here are the spec's, and re-validating would only cost time.
  // Fields go in slot order, so every instance of a class has one shape.
  const instance = Object.create(descriptor.cls.prototype) as Record<string, unknown>
  instance["_tag"] = descriptor.tag
  for (const slot of descriptor.slots) {
    const value = object.fields.get(slot.key)
    if (value === undefined || (value === NIL && !(slot.type === "boolean") && (slot.optional || !nilIsValue(slot.type)))) {
      if (slot.optional) continue
      return Result.fail(malformed(descriptor, slot, object, "is missing"))
    }
    const converted = convert(slot.type, value)
    if (converted === INVALID) return Result.fail(malformed(descriptor, slot, object, `must be of type ${slot.type}`))
    instance[slot.field] = converted
  }
  return Result.succeed(instance as unknown as Update)
}

const malformed = (descriptor: Descriptor, slot: SlotDescriptor, object: WireObject, problem: string) =>
  new DecodeFailure({
    kind: "malformed-update",
    text: `The slot :${slot.name} of ${descriptor.tag} ${problem}.`,
    id: smallId(object.fields.get(ID_KEY))
  })

/** The descriptor of an update's class. */
export const descriptorOf = (update: Update): Descriptor => {
  const descriptor = descriptorForTag(update._tag)
  // Every update class is defined when this module loads.
  if (descriptor === undefined) throw new Error(`no descriptor for ${update._tag}`)
  return descriptor
}

/** The symbol naming an update's class (for permission rules). */
export const updateSymbol = (update: Update): Sym => descriptorOf(update).symbol

/** Whether an update is of the class `tag` or a subclass of it (`isA(m, "channel-update")`). */
export const isA = (update: Update, tag: string): boolean => descriptorOf(update).ancestors.has(tag)

/** Whether a symbol names an update class. */
export const isUpdateClass = (symbol: Sym): boolean => descriptorFor(symbol) !== undefined

/** Whether a value is a typed update. */
export const isUpdate = (u: unknown): u is Update =>
  typeof u === "object" && u !== null && typeof (u as { _tag?: unknown })._tag === "string" &&
  descriptorForTag((u as { _tag: string })._tag)?.cls.prototype === Object.getPrototypeOf(u)

/** The wire form of a field value. */
const toWire = (value: unknown): Value =>
  value === true ? T : value === false ? NIL : (value as Value)

/** The wire object of a typed update; absent optional slots are left out. */
export const encodeUpdate = (update: Update): WireObject => {
  const descriptor = descriptorOf(update)
  const fields = new Map<Sym, Value>()
  const record = update as unknown as Record<string, unknown>
  for (const slot of descriptor.slots) {
    const value = record[slot.field]
    if (value !== undefined) fields.set(slot.key, toWire(value))
  }
  return { type: descriptor.symbol, fields }
}

interface PrintPlan {
  readonly head: string
  readonly slots: ReadonlyArray<readonly [field: string, key: string]>
}

const plans = new Map<string, PrintPlan>()

const planFor = (descriptor: Descriptor): PrintPlan => {
  let plan = plans.get(descriptor.tag)
  if (plan === undefined) {
    plan = {
      head: "(" + printSymbol(descriptor.symbol),
      slots: descriptor.slots.map((slot) => [slot.field, " " + printSymbol(slot.key) + " "] as const)
    }
    plans.set(descriptor.tag, plan)
  }
  return plan
}

/**
 * Prints a typed update as canonical wire text, without the terminating
 * NUL: required slots always, optional slots when present, in the order of
 * the class's slots.
 */
export const printUpdate = (update: Update): string => {
  const plan = planFor(descriptorOf(update))
  const record = update as unknown as Record<string, unknown>
  let out = plan.head
  for (const [field, key] of plan.slots) {
    const value = record[field]
    if (value === undefined) continue
    out += key
    switch (typeof value) {
      case "string":
        out += printString(value)
        break
      case "number":
      case "bigint":
        out += printNumber(value)
        break
      case "boolean":
        out += value ? "t" : "nil"
        break
      default:
        out += isValue(value) ? printValue(value) : "nil"
    }
  }
  return out + ")"
}
