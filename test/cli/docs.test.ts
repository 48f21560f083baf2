/**
 * The README's options table is the CLI's own (so the two cannot drift),
 * and the embedding example runs.
 */
import { Options } from "@lichat/cli"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "../..")

describe("documentation", () => {
  it("the README lists every option with its flag, variable and default", () => {
    const readme = Fs.readFileSync(Path.join(root, "README.md"), "utf8")
    assert.include(readme, Options.markdownTable(), "regenerate with: node packages/cli/scripts/options-table.ts")
  })

  it.live("examples/embed.ts starts the server, chats through it and stops", () =>
    Effect.callback<void>((resume) => {
      const child = ChildProcess.spawn(process.execPath, [Path.join(root, "examples/embed.ts")])
      let output = ""
      child.stdout.on("data", (d) => (output += d))
      child.stderr.on("data", (d) => (output += d))
      child.on("close", (code) => {
        resume(Effect.sync(() => {
          assert.strictEqual(code, 0, output)
          assert.include(output, "ana received her own message back: Hello from an embedded server")
          assert.include(output, "[app] stopped cleanly")
        }))
      })
    }))
})
