import { assert, describe, it } from "@effect/vitest"
import { encodeTextFrame } from "../src/transport/WebSocketFrames.ts"

/** Reads back an unmasked text frame: [fin+opcode, payload]. */
const decode = (frame: Uint8Array): [number, string] => {
  const bytes = Buffer.from(frame)
  const short = bytes[1]! & 0x7f
  const [length, offset] = short < 126
    ? [short, 2]
    : short === 126
    ? [bytes.readUInt16BE(2), 4]
    : [Number(bytes.readBigUInt64BE(2)), 10]
  assert.strictEqual(bytes.length, offset + length)
  return [bytes[0]!, bytes.subarray(offset).toString("utf8")]
}

describe("encodeTextFrame", () => {
  it("frames short, 16-bit and 64-bit lengths, counting UTF-8 bytes", () => {
    for (const text of ["", "(ping :id 1)\u0000", "ü".repeat(100), "x".repeat(70_000), "é".repeat(40_000)]) {
      const [head, payload] = decode(encodeTextFrame(text))
      assert.strictEqual(head, 0x81)
      assert.strictEqual(payload, text)
    }
  })
})
