/**
 * Generates the update model of packages/core from the spec's definition
 * files: `src/updates/Classes.ts` (one Schema class per object type, every
 * slot flattened in) and `src/updates/Definitions.ts` (the runtime table the
 * codec works from). Both files are committed; regenerate after the spec
 * changes:
 *
 *     node packages/core/scripts/generate-updates.ts [--check] [path/to/lichat-spec]
 *
 * The spec folder defaults to `packages/core/spec`, the committed copy.
 * `--check` writes nothing and exits 1 when the committed files differ from
 * what would be generated (a test runs it).
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { parse, type SpecObject, type SpecSlot, type SpecSymbol } from "./SpecFile.ts"

const root = Path.resolve(import.meta.dirname, "../../..")
const args = process.argv.slice(2)
const check = args.includes("--check")
const specDir = args.find((arg) => !arg.startsWith("--")) ?? Path.resolve(root, "packages/core/spec")
const files = ["lichat.sexpr", "shirakumo.sexpr"].map((f) => parse(Fs.readFileSync(Path.join(specDir, f), "utf8")))

const id = (s: SpecSymbol) => `${s.pkg}:${s.name}`
const objects = files.flatMap((f) => f.objects)
const objectExtensions = files.flatMap((f) => f.objectExtensions)
const byId = new Map(objects.map((o) => [id(o.name), o]))

const pascal = (name: string) =>
  name === "update" ? "GenericUpdate" : name.split("-").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("")
const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())

interface FlatSlot {
  readonly slot: SpecSlot
  readonly extension: string | undefined
}

const flatCache = new Map<string, Map<string, FlatSlot>>()
/** Every slot of a class: inherited ones first (in superclass order), then its own, then object extensions. */
const flatten = (object: SpecObject): Map<string, FlatSlot> => {
  const cached = flatCache.get(id(object.name))
  if (cached !== undefined) return cached
  const slots = new Map<string, FlatSlot>()
  const extensions = objectExtensions.filter((e) => id(e.name) === id(object.name))
  for (const superName of [...object.supers, ...extensions.flatMap((e) => e.supers)]) {
    const parent = byId.get(id(superName))
    if (parent === undefined) throw new Error(`${id(object.name)}: unknown superclass ${id(superName)}`)
    for (const [name, slot] of flatten(parent)) if (!slots.has(name)) slots.set(name, slot)
  }
  for (const slot of object.slots) slots.set(slot.name.name, { slot, extension: undefined })
  for (const extension of extensions) {
    for (const slot of extension.slots) slots.set(slot.name.name, { slot: { ...slot, optional: true }, extension: extension.extension })
  }
  flatCache.set(id(object.name), slots)
  return slots
}

const schemaOf = (type: string): string => {
  switch (type) {
    case "id":
      return "S.Id"
    case "integer":
    case "time":
    case "number":
    case "float":
      return "S.Num"
    case "string":
    case "username":
    case "channelname":
    case "password":
      return "Schema.String"
    case "symbol":
    case "keyword":
      return "S.Sym"
    case "boolean":
      return "Schema.Boolean"
    case "list":
      return "S.List"
    case "(list string)":
      return "Schema.Array(Schema.String)"
    case "(list symbol)":
      return "Schema.Array(S.Sym)"
    case "(list list)":
      return "Schema.Array(S.List)"
    case "(list (list string))":
      return "Schema.Array(Schema.Array(Schema.String))"
    case "(list (list list))":
      return "Schema.Array(Schema.Array(S.List))"
    case "(or (list symbol) t)":
      return "Schema.Union([Schema.Array(S.Sym), Schema.Literal(true)])"
    default:
      throw new Error(`no schema for type ${type}`)
  }
}

const header = (what: string) =>
  `/**\n * ${what}\n *\n * GENERATED from the spec's lichat.sexpr and shirakumo.sexpr by\n * packages/core/scripts/generate-updates.ts — do not edit by hand.\n *\n * @since 0.1.0\n */\n`

const classes: Array<string> = [
  header("Every Lichat object type as an `effect/Schema` class, with every slot of\n * its superclasses and of the object extensions that apply to it."),
  `import { Schema } from "effect"\nimport * as S from "./SlotSchemas.ts"\n`
]
const definitions: Array<string> = [
  header("The runtime table of every object type: class symbol, superclasses,\n * slots with their wire keys, types and optionality, and the class."),
  `import * as C from "./Classes.ts"\nimport { define } from "./Descriptor.ts"\n`
]
const names: Array<string> = []
for (const object of objects) {
  const className = pascal(object.name.name)
  names.push(className)
  const slots = [...flatten(object).values()]
  const where = object.extension === undefined ? "" : ` (${object.extension})`
  const supers = object.supers.length === 0 ? "" : `, a kind of ${object.supers.map((s) => s.name).join(" and ")}`
  classes.push(`/** \`${id(object.name)}\`${supers}${where}. */`)
  classes.push(`export class ${className} extends Schema.TaggedClass<${className}>("${id(object.name)}")("${object.name.name}", {`)
  classes.push(
    slots.map(({ slot }) => {
      const schema = schemaOf(slot.type)
      return `  ${camel(slot.name.name)}: ${slot.optional ? `Schema.optionalKey(${schema})` : schema}`
    }).join(",\n")
  )
  classes.push(`}) {}\n`)
  const slotRows = slots.map(({ slot, extension }) =>
    `    [${JSON.stringify(slot.name.name)}, ${JSON.stringify(slot.type)}, ${slot.optional}${extension === undefined ? "" : `, ${JSON.stringify(extension)}`}]`
  )
  definitions.push(
    `define(C.${className}, ${JSON.stringify(object.name.pkg)}, ${JSON.stringify(object.name.name)}, ${
      JSON.stringify(object.supers.map((s) => s.name))
    }, ${JSON.stringify(object.extension ?? null)}, [\n${slotRows.join(",\n")}\n])`
  )
}
classes.push(`/** Every update class, in definition order. */\nexport const all = [\n${names.map((n) => `  ${n}`).join(",\n")}\n] as const\n`)
classes.push(`/** Any update (an instance of any class above). */\nexport type Update = InstanceType<(typeof all)[number]>\n`)

const out = Path.resolve(import.meta.dirname, "../src/updates")
const generated: ReadonlyArray<readonly [string, string]> = [
  ["Classes.ts", classes.join("\n")],
  ["Definitions.ts", definitions.join("\n") + "\n"]
]
if (check) {
  const stale = generated.filter(([file, text]) => {
    const path = Path.join(out, file)
    return !Fs.existsSync(path) || Fs.readFileSync(path, "utf8") !== text
  })
  for (const [file] of stale) process.stderr.write(`${Path.join(out, file)} is not what the generator makes; run pnpm --filter @lichat/core generate\n`)
  process.exit(stale.length === 0 ? 0 : 1)
}
Fs.mkdirSync(out, { recursive: true })
for (const [file, text] of generated) Fs.writeFileSync(Path.join(out, file), text)
process.stdout.write(`generated ${objects.length} classes into ${out}\n`)
