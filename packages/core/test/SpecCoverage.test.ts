/**
 * The model covers the spec: every class, superclass and slot (with its
 * type and `:optional` flag, object extensions included) of
 * spec/*.sexpr (the committed copy of the spec's definitions) is in the runtime table and in the Schema
 * classes, and nothing else is.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { parse, type SpecObject, type SpecSlot } from "../scripts/SpecFile.ts"
import { descriptorForTag, descriptors, KNOWN_EXTENSIONS } from "../src/index.ts"

const specDir = Path.resolve(import.meta.dirname, "../spec")
const files = ["lichat.sexpr", "shirakumo.sexpr"].map((f) => parse(Fs.readFileSync(Path.join(specDir, f), "utf8")))
const objects = files.flatMap((f) => f.objects)
const objectExtensions = files.flatMap((f) => f.objectExtensions)
const byName = new Map(objects.map((o) => [o.name.name, o]))

/** The slots a class must have, computed here independently of the generator. */
const expectedSlots = (object: SpecObject): Map<string, SpecSlot> => {
  const out = new Map<string, SpecSlot>()
  for (const parent of object.supers) for (const [k, v] of expectedSlots(byName.get(parent.name)!)) if (!out.has(k)) out.set(k, v)
  for (const slot of object.slots) out.set(slot.name.name, slot)
  for (const ext of objectExtensions.filter((e) => e.name.name === object.name.name)) {
    for (const slot of ext.slots) out.set(slot.name.name, { ...slot, optional: true })
  }
  return out
}

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())

describe("spec coverage", () => {
  it("the committed model is what the generator makes from the committed spec", () => {
    const script = Path.resolve(import.meta.dirname, "../scripts/generate-updates.ts")
    const run = ChildProcess.spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" })
    assert.strictEqual(run.status, 0, run.stderr)
  })

  it("reads both definition files completely", () => {
    assert.strictEqual(files[0]!.objects.length, 50)
    assert.strictEqual(files[1]!.objects.length, 48)
    assert.strictEqual(objectExtensions.length, 9)
    assert.strictEqual(descriptors().length, objects.length)
  })

  it("has every class with its package and superclasses", () => {
    for (const object of objects) {
      const d = descriptorForTag(object.name.name)
      assert.isDefined(d, object.name.name)
      assert.strictEqual(d!.pkg, object.name.pkg, object.name.name)
      assert.deepStrictEqual([...d!.supers], object.supers.map((s) => s.name), object.name.name)
      for (const parent of object.supers) assert.isTrue(d!.ancestors.has(parent.name))
      assert.strictEqual(d!.extension, object.extension, object.name.name)
    }
  })

  it("has every slot with its type and optionality, and no other", () => {
    for (const object of objects) {
      const d = descriptorForTag(object.name.name)!
      const expected = expectedSlots(object)
      assert.sameMembers(d.slots.map((s) => s.name), [...expected.keys()], object.name.name)
      for (const slot of d.slots) {
        const want = expected.get(slot.name)!
        assert.strictEqual(slot.type, typeOf(want), `${object.name.name} ${slot.name}`)
        assert.strictEqual(slot.optional, want.optional, `${object.name.name} ${slot.name} optional`)
        assert.strictEqual(slot.key.toString(), `:${slot.name}`)
      }
    }
  })

  it("gives each Schema class exactly those fields, optional where the spec says", () => {
    for (const object of objects) {
      const d = descriptorForTag(object.name.name)!
      const fields = (d.cls as unknown as { fields: Record<string, { ast: { context?: { isOptional?: boolean } } }> }).fields
      const expected = expectedSlots(object)
      assert.sameMembers(Object.keys(fields).filter((f) => f !== "_tag"), [...expected.keys()].map(camel), object.name.name)
      for (const [name, slot] of expected) {
        const optional = fields[camel(name)]!.ast.context?.isOptional === true
        assert.strictEqual(optional, slot.optional, `${object.name.name} ${name}`)
      }
    }
  })

  it("relaxes channels' channel slot (shirakumo-channel-trees) and adds extension slots", () => {
    const channels = descriptorForTag("channels")!
    assert.isTrue(channels.slots.find((s) => s.name === "channel")!.optional)
    const message = descriptorForTag("message")!
    for (const name of ["signature", "bridge", "rich", "link", "reply-to"]) {
      const slot = message.slots.find((s) => s.name === name)
      assert.isDefined(slot, name)
      assert.isTrue(slot!.optional)
    }
    assert.isDefined(descriptorForTag("edit")!.slots.find((s) => s.name === "link"))
  })

  it("knows every extension the spec defines", () => {
    for (const name of files[1]!.extensions) {
      const known = (KNOWN_EXTENSIONS as ReadonlyArray<string>).includes(name) ||
        (name === "shirakumo-emote" && (KNOWN_EXTENSIONS as ReadonlyArray<string>).includes("shirakumo-emotes"))
      assert.isTrue(known, name)
    }
  })
})

const typeOf = (slot: SpecSlot): string => slot.type
