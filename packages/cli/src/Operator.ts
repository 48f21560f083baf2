/**
 * `lichat-server [options] operator add NAME`: provisions an operator's
 * profile in the store the options name (`--data-dir`, `--database`, the
 * salt), with a password read from a hidden prompt on a terminal, else the
 * first line of standard input. A running server sees it at the next
 * login. Only a profile made this way holds an operator's rights: the name
 * cannot be claimed with `register`.
 *
 * @since 0.2.0
 */
import { nameKey } from "@lichat/core"
import { Operators, ServerConfig, type ServerOptions, StoreFromConfig } from "@lichat/server"
import { Data, Effect, Layer, Redacted } from "effect"
import { Argument, Command, Prompt } from "effect/cli"

/** The operator could not be provisioned; `message` says why. */
export class OperatorError extends Data.TaggedError("StartError")<{ readonly message: string }> {}

/** Reads all of standard input and returns its first line. */
const firstLineOfStdin: Effect.Effect<string> = Effect.callback<string>((resume) => {
  const chunks: Array<Buffer> = []
  process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk))
  process.stdin.on("end", () => resume(Effect.succeed(Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "")))
  process.stdin.resume()
})

/** The password: asked twice on a terminal, else standard input's first line. */
const readPassword = Effect.gen(function*() {
  if (process.stdin.isTTY !== true) return yield* firstLineOfStdin
  const first = Redacted.value(yield* Prompt.run(Prompt.Password({ message: "Password" })))
  const again = Redacted.value(yield* Prompt.run(Prompt.Password({ message: "Password again" })))
  if (first !== again) return yield* new OperatorError({ message: "the passwords differ" })
  return first
})

/** Provisions `name` in the store `options` name; what it says goes to stdout. */
const add = (options: ServerOptions, name: string, password: string): Effect.Effect<string, OperatorError> =>
  Operators.provision(name, password).pipe(
    Effect.map((outcome) => {
      const listed = options.operators.some((operator) => nameKey(operator) === nameKey(name))
      return `operator ${name}: profile ${outcome === "created" ? "created" : "given the new password"}` +
        (listed ? "" : `; list it in --operators (LICHAT_OPERATORS) for it to hold an operator's rights`)
    }),
    Effect.mapError((message) => new OperatorError({ message: `operator ${name}: ${message}` })),
    Effect.provide(StoreFromConfig.layerWithProfiles.pipe(Layer.provideMerge(Layer.succeed(ServerConfig, options)))),
    Effect.catchTag("StoreError", (error) =>
      Effect.fail(new OperatorError({ message: `cannot open the store (${error.store}): ${error.message}` })))
  )

/**
 * The `operator` command under a parent whose options `resolve` reads:
 * `operator add NAME`.
 */
export const command = <E, R>(resolve: Effect.Effect<ServerOptions, E, R>) =>
  Command.make("operator").pipe(
    Command.withDescription("Manage operators' profiles"),
    Command.withSubcommands([
      Command.make(
        "add",
        { name: Argument.String("name").pipe(Argument.withDescription("The operator's user name")) },
        ({ name }) =>
          Effect.gen(function*() {
            const options = yield* resolve
            const password = yield* readPassword
            const said = yield* add(options, name, password)
            yield* Effect.sync(() => process.stdout.write(said + "\n"))
          })
      ).pipe(
        Command.withDescription(
          "Create an operator's profile, or give it a new password: read from a prompt, or from standard input's first line"
        )
      )
    ])
  )
