/**
 * A minimal actor: state owned by one fiber at a time, reached only through
 * a bounded mailbox of typed messages, handled one at a time. `tell` drops
 * a message in without waiting, `send` waits for room, and `call` waits
 * for the message's reply (the success type of a `Request`, or nothing).
 * `Handlers` writes an actor's protocol as one handler per message tag.
 *
 * Handling one message never overlaps with handling another, so an actor's
 * state needs no locks. A defect while handling a message is logged, fails
 * the pending `call` of that message (if any), and the actor goes on with
 * the next one: one bad message never takes a channel down.
 *
 * An idle actor has no fiber at all (Drain.ts): a message arriving at an
 * empty mailbox starts a fiber in a microtask, right after the step that
 * sent it (an update read from a socket reaches its channel, and the
 * channel's members, in the same turn), which handles messages until the
 * mailbox is empty and ends. The fiber keeps the default scheduler, so an
 * actor with a long run of messages still yields to timers and sockets
 * after its operation budget.
 *
 * The actor lives in the scope it was made in: closing that scope closes
 * the mailbox, fails every `call` still waiting with `ActorStopped`, and
 * interrupts the message being handled.
 *
 * @since 0.1.0
 */
import { Cause, Data, Deferred, Effect, Exit, type Request, type Scope } from "effect"
import * as Drain from "./Drain.ts"

/** The answer to a `call` that the actor can no longer give. */
export class ActorStopped extends Data.TaggedError("ActorStopped")<{ readonly actor: string }> {}

/** The reply a message gets: the success type of a `Request`, nothing for any other message. */
export type ReplyOf<M> = M extends Request.Request<infer A, infer _E, infer _R> ? A : void

/** A handle on a running actor. */
export interface Actor<M> {
  /** The actor's name, for logs. */
  readonly name: string
  /** Drops a message into the mailbox; `false` when it is full or closed. */
  readonly tell: (message: M) => boolean
  /** Puts a message into the mailbox, waiting for room; dropped when the mailbox is closed. */
  readonly send: (message: M) => Effect.Effect<void>
  /** Puts a message into the mailbox, waiting for room, and waits for its reply. */
  readonly call: <N extends M>(message: N) => Effect.Effect<ReplyOf<N>, ActorStopped>
}

interface Envelope<M> {
  readonly message: M
  readonly reply: Deferred.Deferred<unknown, ActorStopped> | undefined
}

/**
 * An actor's protocol in one place: a handler for each message tag, giving
 * that message's reply — the way an Effect Cluster entity's handlers are
 * written (`Entity.toLayer`).
 */
export type Handlers<M extends { readonly _tag: string }, R> = {
  readonly [K in M["_tag"]]: (
    message: Extract<M, { readonly _tag: K }>
  ) => Effect.Effect<ReplyOf<Extract<M, { readonly _tag: K }>>, never, R>
}

/** Handles each message with the handler for its tag. */
export const byTag = <M extends { readonly _tag: string }, R>(
  handlers: Handlers<M, R>
): (message: M) => Effect.Effect<unknown, never, R> =>
(message) => {
  // Each handler takes the messages of its own tag, which the lookup guarantees.
  const handler = handlers[message._tag as M["_tag"]] as unknown as (message: M) => Effect.Effect<unknown, never, R>
  return handler(message)
}

/** How an actor is built. */
export interface ActorOptions<M, R> {
  readonly name: string
  /** Mailbox capacity; `send` waits and `tell` fails beyond it. */
  readonly capacity: number
  /** Handles one message, giving its reply. Runs alone: never concurrently with another. */
  readonly handle: (message: M) => Effect.Effect<unknown, never, R>
}

/**
 * Starts an actor in the current scope. Its messages are handled with the services
 * (and references, such as the log level) of the fiber that made it.
 */
export const make = <M, R>(
  options: ActorOptions<M, R>
): Effect.Effect<Actor<M>, never, Scope.Scope | R> =>
  Effect.gen(function*() {
    const stopped = new ActorStopped({ actor: options.name })
    const mailbox: Array<Envelope<M>> = []
    // Senders waiting for room in a full mailbox.
    const waitingForRoom: Array<() => void> = []
    let open = true

    const survive = (cause: Cause.Cause<never>) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.failCause(cause)
        : Effect.logError(`actor ${options.name} failed to handle a message`, cause)
    const handleOne = (envelope: Envelope<M>) => {
      const reply = envelope.reply
      if (reply === undefined) return Effect.catchCause(Effect.asVoid(options.handle(envelope.message)), survive)
      // A call whose handler dies or is interrupted gets ActorStopped.
      const answered = Effect.flatMap(options.handle(envelope.message), (value) => Deferred.succeed(reply, value))
      return Effect.ensuring(Effect.catchCause(Effect.asVoid(answered), survive), Deferred.fail(reply, stopped))
    }

    // Made before the finalizer below, which so runs first: the mailbox is closed and its calls
    // failed before the drain's own finalizer interrupts the message under way.
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
    const offer = (envelope: Envelope<M>): boolean => {
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
    const offerWaiting = (envelope: Envelope<M>): Effect.Effect<boolean> =>
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

    const actor: Actor<M> = {
      name: options.name,
      tell: (message) => offer({ message, reply: undefined }),
      send: (message) => Effect.asVoid(offerWaiting({ message, reply: undefined })),
      call: <N extends M>(message: N) =>
        Effect.flatMap(Deferred.make<unknown, ActorStopped>(), (reply) =>
          Effect.flatMap(
            offerWaiting({ message, reply }),
            // The handler for `message` gave a reply of its type (see Handlers).
            (accepted) => accepted ? Deferred.await(reply) as Effect.Effect<ReplyOf<N>, ActorStopped> : Effect.fail(stopped)
          ))
    }
    return actor
  })
