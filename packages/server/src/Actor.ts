/**
 * A minimal actor: a fiber that owns some state and reads a bounded mailbox
 * of typed commands, one at a time. The mailbox is the actor's only door:
 * `tell` drops a command in without waiting, `send` waits for room, and
 * `ask` sends a command carrying a reply slot and waits for the answer.
 *
 * Handling one command never overlaps with handling another, so an actor's
 * state needs no locks. A defect while handling a command is logged, fails
 * the pending `ask` of that command (if any), and the actor goes on with the
 * next one: one bad command never takes a channel down.
 *
 * A command wakes the actor in a microtask, right after the step that sent
 * it, rather than in the event loop's next turn: a message read from a
 * socket reaches its channel, and the channel's members, in the same turn.
 * The actor's fiber itself keeps the default scheduler, so an actor with a
 * long run of commands still yields to timers and sockets after its
 * operation budget.
 *
 * The actor lives in the scope it was made in: closing that scope ends the
 * mailbox, fails every `ask` still waiting with `ActorStopped`, and
 * interrupts the fiber.
 *
 * @since 0.1.0
 */
import { Cause, Data, Deferred, Effect, Exit, Queue, Scheduler, Scope } from "effect"

/** The answer to an `ask` that the actor can no longer give. */
export class ActorStopped extends Data.TaggedError("ActorStopped")<{ readonly actor: string }> {}

/** The reply slot carried by a command sent with `ask`. */
export type Reply<A> = Deferred.Deferred<A, ActorStopped>

/** A handle on a running actor. */
export interface Actor<Cmd> {
  /** The actor's name, for logs. */
  readonly name: string
  /** Drops a command into the mailbox; `false` when it is full or closed. */
  readonly tell: (command: Cmd) => boolean
  /** Puts a command into the mailbox, waiting for room. */
  readonly send: (command: Cmd) => Effect.Effect<void>
  /** Sends the command built around a fresh reply slot and waits for the reply. */
  readonly ask: <A>(command: (reply: Reply<A>) => Cmd) => Effect.Effect<A, ActorStopped>
  /** Ends the mailbox; commands already in it are still handled, then the fiber ends. */
  readonly stop: Effect.Effect<void>
}

interface Envelope<Cmd> {
  readonly command: Cmd
  readonly reply: Reply<unknown> | undefined
}

/** How an actor is built. */
export interface ActorOptions<Cmd, R> {
  readonly name: string
  /** Mailbox capacity; `send` waits and `tell` fails beyond it. */
  readonly capacity: number
  /** Handles one command. Runs alone: never concurrently with another. */
  readonly handle: (command: Cmd) => Effect.Effect<void, never, R>
}

/** The mailbox's scheduler: it wakes a waiting actor in a microtask. */
const wakeInMicrotask = new Scheduler.MixedScheduler("sync")

/**
 * Starts an actor in the current scope.
 */
export const make = <Cmd, R>(
  options: ActorOptions<Cmd, R>
): Effect.Effect<Actor<Cmd>, never, Scope.Scope | R> =>
  Effect.gen(function*() {
    const mailbox = yield* Queue.bounded<Envelope<Cmd>, Cause.Done>(options.capacity).pipe(
      Effect.provideService(Scheduler.Scheduler, wakeInMicrotask)
    )
    const stopped = new ActorStopped({ actor: options.name })

    const survive = (cause: Cause.Cause<never>) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.failCause(cause)
        : Effect.logError(`actor ${options.name} failed to handle a command`, cause)
    const handleOne = (envelope: Envelope<Cmd>) => {
      const handled = Effect.catchCause(options.handle(envelope.command), survive)
      // A command sent with `ask` has its reply failed if the handler did not give one.
      return envelope.reply === undefined ? handled : Effect.ensuring(handled, Deferred.fail(envelope.reply, stopped))
    }

    const run: Effect.Effect<void, never, R> = Queue.takeAll(mailbox).pipe(
      Effect.flatMap((batch) => Effect.forEach(batch, handleOne, { discard: true })),
      Effect.forever,
      Effect.catchCause((cause) => Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : Effect.void),
      Effect.asVoid
    ) as Effect.Effect<void, never, R>

    const failPending = Effect.gen(function*() {
      const pending = yield* Queue.clear(mailbox)
      for (const envelope of pending) {
        if (envelope.reply !== undefined) Deferred.doneUnsafe(envelope.reply, Exit.fail(stopped))
      }
    })

    const scope = yield* Effect.scope
    yield* Effect.forkIn(run, scope)
    yield* Scope.addFinalizer(scope, Effect.andThen(Queue.end(mailbox), failPending))

    const actor: Actor<Cmd> = {
      name: options.name,
      tell: (command) => Queue.offerUnsafe(mailbox, { command, reply: undefined }),
      send: (command) => Effect.asVoid(Queue.offer(mailbox, { command, reply: undefined })),
      ask: <A>(command: (reply: Reply<A>) => Cmd) =>
        Effect.flatMap(Deferred.make<A, ActorStopped>(), (reply) =>
          Queue.offer(mailbox, { command: command(reply), reply: reply as Reply<unknown> }).pipe(
            Effect.flatMap((accepted) => accepted ? Deferred.await(reply) : Effect.fail(stopped))
          )),
      stop: Effect.asVoid(Queue.end(mailbox))
    }
    return actor
  })

/**
 * The command of a state-owning actor: a function to run against the state
 * it owns. Modules keep the behaviour of each update type in one place and
 * run it here, alone, when it needs the actor's state.
 */
export interface Exec<S, R = never> {
  readonly _tag: "Exec"
  readonly run: (state: S) => Effect.Effect<void, never, R>
}

/**
 * Starts an actor that owns `state` and runs `Exec` commands against it.
 * Commands may use the services `R`, which the actor's fiber takes from the
 * context it is started in, once, rather than each command providing them.
 */
export const makeStateful = <S, R = never>(options: {
  readonly name: string
  readonly capacity: number
  readonly state: S
}): Effect.Effect<Actor<Exec<S, R>>, never, Scope.Scope | R> =>
  make<Exec<S, R>, R>({
    name: options.name,
    capacity: options.capacity,
    handle: (command) => command.run(options.state)
  })

/** Runs `f` against the actor's state, inside the actor, and waits for its result. */
export const exec = <S, A, E = never, R = never>(
  actor: Actor<Exec<S, R>>,
  f: (state: S) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | ActorStopped> =>
  Effect.flatten(
    actor.ask<Exit.Exit<A, E>>((reply) => ({
      _tag: "Exec",
      run: (state) => Effect.flatMap(Effect.exit(f(state)), (exit) => Deferred.succeed(reply, exit))
    }))
  )

/** Runs `f` against the actor's state without waiting; `false` if the mailbox is full or closed. */
export const tellExec = <S, R = never>(actor: Actor<Exec<S, R>>, f: (state: S) => Effect.Effect<void, never, R>): boolean =>
  actor.tell({ _tag: "Exec", run: f })
