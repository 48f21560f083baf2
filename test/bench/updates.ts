/**
 * The update texts the load driver sends, written by hand (one update per
 * WebSocket frame, no s-expression printer). Names and texts are the
 * driver's own and never need escaping.
 */

let nextId = 1
/** A fresh update id, unique within the driver process. */
export const freshId = (): number => nextId++

/** Offers no extensions (an empty list: some servers want the slot present). */
export const connect = (name: string, password?: string): string =>
  `(connect :id ${freshId()} :version "2.0" :from "${name}"${password === undefined ? "" : ` :password "${password}"`} :extensions ())`

export const create = (channel: string): string => `(create :id ${freshId()} :channel "${channel}")`

export const join = (channel: string): string => `(join :id ${freshId()} :channel "${channel}")`

export const message = (channel: string, text: string): string =>
  `(message :id ${freshId()} :channel "${channel}" :text "${text}")`

export const ping = (id: number): string => `(ping :id ${id})`
