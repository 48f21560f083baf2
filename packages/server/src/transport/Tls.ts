/**
 * TLS for listeners: the certificate chain and key are read from PEM files,
 * checked at start (a bad pair is a one-line start error), and read again
 * on `SIGHUP` and when either file changes, without dropping a connection:
 * connections made after a reload get the new certificate. A reload that
 * fails keeps the certificate in use and says why.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import * as Tls from "node:tls"
import { Data, Effect, type Scope } from "effect"

/** The PEM files of a certificate chain and its private key. */
export interface TlsFiles {
  readonly cert: string
  readonly key: string
}

/** The TLS files cannot be read, or do not make a certificate and key that belong together. */
export class TlsError extends Data.TaggedError("TlsError")<{ readonly message: string }> {}

/** What the TLS listeners use: a context, as the files make it. */
export interface SecureFiles {
  readonly cert: Buffer
  readonly key: Buffer
}

/** Reads and checks the files. */
export const read = (files: TlsFiles): Effect.Effect<SecureFiles, TlsError> =>
  Effect.try({
    try: () => {
      const secure = { cert: Fs.readFileSync(files.cert), key: Fs.readFileSync(files.key) }
      // Throws when the certificate or key is malformed, or they do not match.
      Tls.createSecureContext(secure)
      return secure
    },
    catch: (error) =>
      new TlsError({ message: `TLS certificate ${files.cert} / key ${files.key}: ${error instanceof Error ? error.message : String(error)}` })
  })

/** How often the files are looked at for changes. */
const watchIntervalMillis = 5_000

/**
 * Applies the files to `servers` again on `SIGHUP` and when a file
 * changes, until the scope closes; `said` hears each reload and failure.
 */
export const reloadOnChange = (
  files: TlsFiles,
  servers: ReadonlyArray<Tls.Server>,
  said: (result: { readonly ok: boolean; readonly message: string }) => void,
  intervalMillis: number = watchIntervalMillis
): Effect.Effect<void, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const reload = () =>
        Effect.runSync(Effect.match(read(files), {
          onFailure: (error) => said({ ok: false, message: `TLS reload failed, the certificate in use stays: ${error.message}` }),
          onSuccess: (secure) => {
            for (const server of servers) server.setSecureContext(secure)
            said({ ok: true, message: `TLS certificate reloaded from ${files.cert}` })
          }
        }))
      const changed = (now: Fs.Stats, before: Fs.Stats) => {
        if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino) reload()
      }
      process.on("SIGHUP", reload)
      Fs.watchFile(files.cert, { interval: intervalMillis, persistent: false }, changed)
      Fs.watchFile(files.key, { interval: intervalMillis, persistent: false }, changed)
      return { reload, changed }
    }),
    ({ changed, reload }) =>
      Effect.sync(() => {
        process.off("SIGHUP", reload)
        Fs.unwatchFile(files.cert, changed)
        Fs.unwatchFile(files.key, changed)
      })
  ).pipe(Effect.asVoid)
