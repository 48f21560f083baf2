/**
 * For the compatibility suites: one test per dialect of a real client, and
 * the peers of a scene, each of which must have been able to read every
 * frame the server sent it (checked when the scene's scope closes, so a
 * test fails on any frame the real client would have choked on).
 */
import { assert, it } from "@effect/vitest"
import type { ServerOptionsInput } from "@lichat/server"
import { Effect, type Scope } from "effect"

/** Something that read frames the way a real client does. */
interface Reader {
  readonly name: string
  readonly unreadable: () => ReadonlyArray<string>
}

/** Returns `track`, which keeps a peer to be checked; `client` names the client in the failure. */
export const readableToTheEnd = <P extends Reader>(client: string): Effect.Effect<(peer: P) => Effect.Effect<P>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const peers: Array<P> = []
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        for (const peer of peers) assert.deepStrictEqual(peer.unreadable(), [], `${peer.name}: ${client} could not read every frame`)
      })
    )
    return (peer: P) => Effect.sync(() => (peers.push(peer), peer))
  })

/** Builds `each`: a test per dialect, each in a fresh scene made by `sceneFor` (a server with `options`). */
export const perDialect = <D extends string, S>(
  dialects: ReadonlyArray<D>,
  sceneFor: (dialect: D, options: ServerOptionsInput) => Effect.Effect<S, unknown, Scope.Scope>
) =>
(title: string, body: (scene: S, dialect: D) => Effect.Effect<void, unknown, Scope.Scope>, options: ServerOptionsInput = {}) => {
  for (const dialect of dialects) {
    it.live(`${title} (${dialect})`, () => Effect.scoped(Effect.flatMap(sceneFor(dialect, options), (scene) => body(scene, dialect))))
  }
}
