/**
 * The usual scene of the extension tests: ana creates `room` and bob joins
 * it; both have seen bob's join when it returns. And an operator destroying
 * a channel (the server must list "boss" in `operators`).
 */
import { Effect } from "effect"
import { id, type LichatClient, login } from "./TestClient.ts"
import { operatorPassword } from "./TestServer.ts"

export const room = (url: string) =>
  Effect.gen(function*() {
    return yield* roomOf(yield* login(url, "ana"), yield* login(url, "bob"))
  })

/** The same scene with clients already logged in (over any transport): `ana` creates "room", `bob` joins. */
export const roomOf = <A extends LichatClient, B extends LichatClient & { readonly name: string }>(ana: A, bob: B) =>
  Effect.gen(function*() {
    yield* ana.send(`(create :id ${id()} :channel "room")`)
    yield* ana.expect("join", (j) => j.channel === "room")
    yield* bob.send(`(join :id ${id()} :channel "room")`)
    yield* bob.expect("join", (j) => j.channel === "room" && j.from === bob.name)
    yield* ana.expect("join", (j) => j.channel === "room" && j.from === bob.name)
    return { ana, bob }
  })

/** Logs in as an operator `start` provisioned, with its password. */
export const operator = (url: string, name = "boss") => login(url, name, { password: operatorPassword(name) })

/** Logs in as the operator "boss" (provisioned by `start`) and destroys `channel`. */
export const destroyAsOperator = (url: string, channel: string) =>
  Effect.gen(function*() {
    const boss = yield* operator(url)
    yield* boss.send(`(shirakumo:destroy :id ${id()} :channel "${channel}")`)
    yield* boss.expect("destroy")
    return boss
  })
