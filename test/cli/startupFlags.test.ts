/**
 * The V8 flags that only work on node's command line
 * (`RuntimeTuning.startupFlags`) are given by both ways of starting the
 * server: `pnpm start` and the `lichat-server` command's shebang.
 */
import { RuntimeTuning } from "@lichat/server"
import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "../..")

describe("startup flags", () => {
  it("pnpm start runs the command with them", () => {
    const manifest: { readonly scripts: Record<string, string> } = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8"))
    assert.strictEqual(manifest.scripts["start"], `node --conditions=@lichat/source ${RuntimeTuning.startupFlags.join(" ")} packages/cli/src/bin.ts`)
  })

  it("the lichat-server command's shebang gives them", () => {
    const first = Fs.readFileSync(Path.join(root, "packages/cli/src/bin.ts"), "utf8").split("\n", 1)[0]
    assert.strictEqual(first, `#!/usr/bin/env -S node ${RuntimeTuning.startupFlags.join(" ")}`)
  })
})
