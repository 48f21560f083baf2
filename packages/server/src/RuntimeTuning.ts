/**
 * Process-wide V8 tuning for a server process, applied by the
 * `lichat-server` command and available to applications that embed the
 * server and own their process.
 *
 * Allocation-site pretenuring lets V8 allocate objects from a site straight
 * into the old generation once most of that site's objects have survived a
 * young collection. A connection's per-update objects are briefly alive in
 * bursts (a join storm, a fan-out), which gets their sites pretenured; after
 * that, every update leaves dead old objects pointing at young ones, and
 * each young collection copies what those dead objects still reach. Under a
 * steady load of 1,000 clients this made young collections 2–3 times longer
 * (8–19 ms instead of 4–8 ms), which is the whole tail of the delivery
 * latency. Turning pretenuring off keeps young collections to what is
 * really alive; long-lived objects (backfill history) are copied once more
 * on their way to the old generation, which costs little.
 *
 * The young generation: loading the server's code keeps most of what it
 * allocates, so V8 grows each semi-space to its largest (32 MB) during
 * start-up and keeps it, 57 MB of resident memory where a plain `ws`
 * server has 9 MB. Capped at 8 MB, the server's RSS falls by 14 MB idle,
 * by 45 MB at 1,000 idle connections and by 70 MB at 10,000 (310 MB instead
 * of 380–396 MB), with fan-out throughput unchanged in the load bench. V8
 * reads this size only when the process starts, so it is a flag for node's
 * command line (`startupFlags`), not for `tuneForServer`.
 *
 * The old generation: after each full collection V8 sets the next one's
 * trigger from how cheap collecting was, and for this server (40–50 MB
 * live at 1,000 clients, collected fast) it chose a trigger only 5–7 MB
 * above what was live. What a steady load promotes then brought a full
 * collection every ~18 s — 30–40 ms of incremental marking in steps of up
 * to 8 ms, and a final pause of 3–8 ms — into nearly every 10 s round of
 * the paced load. Growing the heap to twice what is live before the next
 * one (`--heap-growing-percent=100`) makes them several times rarer, for at
 * most that much more heap while the load lasts (the idle figures of the
 * load bench do not change).
 *
 * @since 0.1.0
 */
import * as V8 from "node:v8"

/** The V8 flags a Lichat server process runs with, applied at run time by `tuneForServer`. */
export const serverFlags: ReadonlyArray<string> = ["--no-allocation-site-pretenuring", "--heap-growing-percent=100"]

/**
 * The V8 flags that only take effect on node's command line, before any code
 * runs: `pnpm start` and the `lichat-server` command give them.
 */
export const startupFlags: ReadonlyArray<string> = ["--max-semi-space-size=8"]

/**
 * Applies `serverFlags` to this process. Process-wide: call it once at
 * start, from the program that owns the process, not from a library.
 */
export const tuneForServer = (): void => {
  for (const flag of serverFlags) V8.setFlagsFromString(flag)
}
