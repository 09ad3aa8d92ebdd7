/**
 * Resumable server-sent event streams: an async iterable that reconnects after a dropped or ended connection,
 * continuing after the last event it yielded (Last-Event-ID for the event stream, `after=<seq>` for an agent's
 * messages). `break` (or the caller's signal) closes the connection.
 */
import { ConnectionError } from "./errors.js";
import { sleep } from "./http.js";
import { retryDelay } from "./retry.js";
import { parseEvents } from "./sse.js";

export class EventStream {
  /**
   * @param {import("./http.js").Http} http
   * @param {object} spec
   * @param {string} spec.path
   * @param {(cursor: string | undefined) => {query?: object, headers?: object}} spec.request
   * @param {(event: {id?: string, data: string}, item: any) => string | undefined} spec.cursorOf
   * @param {() => Promise<string | undefined>} [spec.start] the cursor to start after, when the caller gave none
   * @param {string} [cursor] where to start
   * @param {{signal?: AbortSignal, maxRetries?: number}} [options]
   */
  constructor(http, spec, cursor, options = {}) {
    this.http = http;
    this.spec = spec;
    /** The cursor after the last event yielded (the event stream's Last-Event-ID, an agent stream's seq). */
    this.cursor = cursor === undefined || cursor === null ? undefined : String(cursor);
    this.options = options;
  }

  /** The event stream's name for the cursor. */
  get lastEventId() {
    return this.cursor;
  }

  async *[Symbol.asyncIterator]() {
    const controller = new AbortController();
    const outer = this.options.signal;
    const onAbort = () => controller.abort(outer.reason);
    if (outer?.aborted) throw outer.reason;
    outer?.addEventListener("abort", onAbort, { once: true });
    const maxRetries = this.options.maxRetries ?? this.http.maxRetries;
    let failures = 0;
    let reconnect;
    try {
      if (this.cursor === undefined && this.spec.start) this.cursor = await this.spec.start();
      for (;;) {
        const { query, headers } = this.spec.request(this.cursor);
        const response = await this.http.request({
          method: "GET", path: this.spec.path, query, headers, accept: "stream",
          options: { ...this.options, signal: controller.signal },
        });
        let got = false;
        let cause;
        try {
          for await (const ev of parseEvents(response.body)) {
            if (ev.retry !== undefined) reconnect = ev.retry / 1000;
            let item;
            try {
              item = JSON.parse(ev.data);
            } catch (e) {
              throw new ConnectionError(`an event is not JSON: ${ev.data.slice(0, 200)}`, { cause: e });
            }
            this.cursor = this.spec.cursorOf(ev, item) ?? this.cursor;
            got = true;
            failures = 0;
            yield item;
          }
        } catch (e) {
          if (controller.signal.aborted) throw outer?.aborted ? outer.reason : e;
          if (e instanceof ConnectionError) throw e;
          cause = e;
        }
        if (!got) failures++;
        if (failures > maxRetries) {
          throw new ConnectionError(`${this.spec.path}: the stream ended ${failures} times in a row without an event`,
            { cause });
        }
        await sleep(reconnect ?? retryDelay(Math.max(0, failures - 1), null, { maxRetryDelay: this.http.maxRetryDelay }),
          controller.signal);
      }
    } finally {
      outer?.removeEventListener("abort", onAbort);
      controller.abort();
    }
  }
}
