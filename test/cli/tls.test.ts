/**
 * The real `lichat-server` process with TLS: the certificate is read again
 * on SIGHUP, new connections get the new one and a connection made before
 * stays; and the simple form's one port takes raw TCP and WebSocket alike.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Certificates from "../support/Certificates.ts"
import * as Cli from "../support/CliProcess.ts"
import * as TcpClient from "../support/TcpClient.ts"
import { id, login } from "../support/TestClient.ts"

/** Starts the CLI and waits until it says it listens on a `scheme` listener; the port it bound. */
const startCli = (args: ReadonlyArray<string>, scheme: string) => Cli.start(args, { scheme })

describe("lichat-server transports", () => {
  it.live("SIGHUP reloads the certificate; a connection made before stays", () =>
    Effect.gen(function*() {
      const first = yield* Certificates.make()
      const cli = yield* startCli(
        ["--listen", "auto+tls://127.0.0.1:0", "--tls-cert", first.certFile, "--tls-key", first.keyFile],
        "auto+tls"
      )
      const early = yield* TcpClient.login({ port: cli.port, tls: { ca: first.cert } }, "early")
      assert.strictEqual(early.certificate()?.fingerprint256, first.fingerprint)
      const second = yield* Certificates.make()
      Fs.writeFileSync(first.keyFile, second.key)
      Fs.writeFileSync(first.certFile, second.cert)
      cli.child.kill("SIGHUP")
      const late = yield* Effect.gen(function*() {
        for (let attempt = 0; attempt < 20; attempt++) {
          yield* Effect.sleep(100)
          if (cli.output().includes("TLS certificate reloaded")) return yield* TcpClient.open({ port: cli.port, tls: { ca: second.cert } })
        }
        return yield* Effect.die(new Error(`no reload after SIGHUP: ${cli.output()}`))
      })
      assert.strictEqual(late.certificate()?.fingerprint256, second.fingerprint)
      yield* early.send(`(ping :id ${id()})`)
      yield* early.expect("pong")
      assert.isNull(cli.child.exitCode, "the server still runs")
    }), 30_000)

  it.live("the simple form's one port takes raw TCP and WebSocket", () =>
    Effect.gen(function*() {
      const cli = yield* startCli([], "auto")
      const web = yield* login(`ws://127.0.0.1:${cli.port}/`, "web")
      yield* TcpClient.login({ port: cli.port }, "raw")
      yield* web.expect("join", (j) => j.from === "raw")
    }), 30_000)
})
