/**
 * A minimal actor: state owned by one fiber at a time, reached only through
 * a bounded mailbox of typed commands, handled one at a time. `tell` drops
 * a command in without waiting, `send` waits for room, `call` waits until
 * the command has been handled, and `ask` sends a command carrying a reply
 * slot and waits for the answer.
 *
 * Handling one command never overlaps with handling another, so an actor's
 * state needs no locks. A defect while handling a command is logged, fails
 * the pending `ask` of that command (if any), and the actor goes on with the
 * next one: one bad command never takes a channel down.
 *
 * An idle actor has no fiber at all (Drain.ts): a command arriving at an
 * empty mailbox starts a fiber in a microtask, right after the step that
 * sent it (a message read from a socket reaches its channel, and the
 * channel's members, in the same turn), which handles commands until the
 * mailbox is empty and ends. The fiber keeps the default scheduler, so an
 * actor with a long run of commands still yields to timers and sockets
 * after its operation budget.
 *
 * The actor lives in the scope it was made in: closing that scope closes
 * the mailbox, fails every `ask` still waiting with `ActorStopped`, and
 * interrupts the command being handled.
 *
 * @since 0.1.0
 */
import { Cause, Data, Deferred, Effect, Exit, type Scope } from "effect"
import * as Drain from "./Drain.ts"

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
  /** Puts a command into the mailbox, waiting for room; dropped when the mailbox is closed. */
  readonly send: (command: Cmd) => Effect.Effect<void>
  /** Puts a command into the mailbox, waiting for room, then waits until it has been handled. */
  readonly call: (command: Cmd) => Effect.Effect<void, ActorStopped>
  /** Sends the command built around a fresh reply slot and waits for the reply. */
  readonly ask: <A>(command: (reply: Reply<A>) => Cmd) => Effect.Effect<A, ActorStopped>
}

interface Envelope<Cmd> {
  readonly command: Cmd
  readonly reply: Reply<unknown> | undefined
  /** Whether the reply is given once the command is handled (`call`) rather than by the command (`ask`). */
  readonly done?: true
}

/** How an actor is built. */
export interface ActorOptions<Cmd, R> {
  readonly name: string
  /** Mailbox capacity; `send` waits and `tell` fails beyond it. */
  readonly capacity: number
  /** Handles one command. Runs alone: never concurrently with another. */
  readonly handle: (command: Cmd) => Effect.Effect<void, never, R>
}

/**
 * Starts an actor in the current scope. Its commands run with the services
 * (and references, such as the log level) of the fiber that made it.
 */
export const make = <Cmd, R>(
  options: ActorOptions<Cmd, R>
): Effect.Effect<Actor<Cmd>, never, Scope.Scope | R> =>
  Effect.gen(function*() {
    const stopped = new ActorStopped({ actor: options.name })
    const mailbox: Array<Envelope<Cmd>> = []
    // Senders waiting for room in a full mailbox.
    const waitingForRoom: Array<() => void> = []
    let open = true

    const survive = (cause: Cause.Cause<never>) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.failCause(cause)
        : Effect.logError(`actor ${options.name} failed to handle a command`, cause)
    const handleOne = (envelope: Envelope<Cmd>) => {
      const handled = Effect.catchCause(options.handle(envelope.command), survive)
      if (envelope.reply === undefined) return handled
      const reply = envelope.reply
      // A command sent with `call` is answered once handled; one sent with `ask` has its
      // reply failed if the handler did not give one.
      return envelope.done
        ? Effect.ensuring(Effect.andThen(handled, Deferred.succeed(reply, undefined)), Deferred.fail(reply, stopped))
        : Effect.ensuring(handled, Deferred.fail(reply, stopped))
    }

    // Made before the finalizer below, which so runs first: the mailbox is closed and its asks
    // failed before the drain's own finalizer interrupts the command under way.
    const drain = yield* Drain.make<R>((drain) =>
      Effect.gen(function*() {
        while (true) {
          const envelope = mailbox.shift()
          if (envelope === undefined) return drain.idle()
          waitingForRoom.shift()?.()
          yield* handleOne(envelope)
        }
      }), { inMicrotask: true })

    /** Puts an envelope in; `false` when the mailbox is full or closed. */
    const offer = (envelope: Envelope<Cmd>): boolean => {
      if (!open || mailbox.length >= options.capacity) return false
      mailbox.push(envelope)
      drain.wake()
      return true
    }
    const roomOrClosed = Effect.callback<void>((resume) => {
      const waiter = () => resume(Effect.void)
      waitingForRoom.push(waiter)
      return Effect.sync(() => {
        const at = waitingForRoom.indexOf(waiter)
        if (at >= 0) waitingForRoom.splice(at, 1)
      })
    })
    /** Offers an envelope, waiting for room; `false` once the mailbox is closed. */
    const offerWaiting = (envelope: Envelope<Cmd>): Effect.Effect<boolean> =>
      Effect.suspend(() => {
        if (offer(envelope)) return Effect.succeed(true)
        if (!open) return Effect.succeed(false)
        return Effect.andThen(roomOrClosed, offerWaiting(envelope))
      })

    yield* Effect.addFinalizer(() => {
      open = false
      for (const waiter of waitingForRoom.splice(0)) waiter()
      for (const envelope of mailbox.splice(0)) {
        if (envelope.reply !== undefined) Deferred.doneUnsafe(envelope.reply, Exit.fail(stopped))
      }
      return Effect.void
    })

    const actor: Actor<Cmd> = {
      name: options.name,
      tell: (command) => offer({ command, reply: undefined }),
      send: (command) => Effect.asVoid(offerWaiting({ command, reply: undefined })),
      call: (command) =>
        Effect.flatMap(Deferred.make<unknown, ActorStopped>(), (reply) =>
          Effect.flatMap(
            offerWaiting({ command, reply, done: true }),
            (accepted) => accepted ? Deferred.await(reply) : Effect.fail(stopped)
          )),
      ask: <A>(command: (reply: Reply<A>) => Cmd) =>
        Effect.flatMap(Deferred.make<A, ActorStopped>(), (reply) =>
          Effect.flatMap(
            offerWaiting({ command: command(reply), reply: reply as Reply<unknown> }),
            (accepted) => accepted ? Deferred.await(reply) : Effect.fail(stopped)
          ))
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
 * Commands may use the services `R`, which the actor takes from the
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
