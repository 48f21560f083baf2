/**
 * Self-signed TLS certificates for tests (the `selfsigned` package), for
 * `localhost` and 127.0.0.1, written to PEM files in a fresh temporary
 * directory; each call makes a new key, so two have different fingerprints.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { Effect } from "effect"
import { generate } from "selfsigned"

/** A certificate and key as PEM text, and where they were written. */
export interface TestCertificate {
  readonly cert: string
  readonly key: string
  readonly certFile: string
  readonly keyFile: string
  /** SHA-256 fingerprint, as Node prints `fingerprint256`. */
  readonly fingerprint: string
}

/** Makes a certificate and writes it to `dir` (a new temporary directory when omitted). */
export const make = (dir?: string): Effect.Effect<TestCertificate> =>
  Effect.promise(async () => {
    const pems = await generate([{ name: "commonName", value: "localhost" }], {
      keySize: 2048,
      algorithm: "sha256",
      extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] }]
    })
    const folder = dir ?? Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-tls-"))
    const certFile = Path.join(folder, "cert.pem")
    const keyFile = Path.join(folder, "key.pem")
    Fs.writeFileSync(certFile, pems.cert)
    Fs.writeFileSync(keyFile, pems.private)
    const { X509Certificate } = await import("node:crypto")
    return { cert: pems.cert, key: pems.private, certFile, keyFile, fingerprint: new X509Certificate(pems.cert).fingerprint256 }
  })
