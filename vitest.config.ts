import { defineConfig } from "vitest/config"

/**
 * The workspace packages export their TypeScript sources under this
 * condition and their build (`dist`) otherwise: the tests run the sources.
 */
const source = "@lichat/source"

export default defineConfig({
  // Vitest's own conditions for Node (Vite's server conditions but `module`), the sources' first.
  ssr: { resolve: { conditions: [source, "node", "development|production"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // And so do the node processes the tests start (the CLI from its sources, the examples).
    env: { NODE_OPTIONS: [process.env["NODE_OPTIONS"], `--conditions=${source}`].filter(Boolean).join(" ") }
  }
})
