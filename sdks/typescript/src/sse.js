/**
 * Server-sent events parsed by hand from a fetch Response body (the WHATWG "event stream interpretation"):
 * lines split on CRLF, LF or CR; `data` lines joined with LF; `id`, `event` and `retry` kept; comments skipped; an
 * event dispatched at each blank line. No EventSource: it cannot send an Authorization header.
 */

/**
 * The events of one response body.
 * @param {ReadableStream<Uint8Array>} body
 * @returns {AsyncGenerator<{id: string | undefined, event: string, data: string, retry: number | undefined}>}
 */
export async function* parseEvents(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let data = [];
  let event = "";
  let id;
  let retry;
  let sawCr = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      let text = decoder.decode(value, { stream: true });
      if (sawCr && text.startsWith("\n")) text = text.slice(1); // a CRLF split between two chunks
      sawCr = text.endsWith("\r");
      buffer += text;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === "") {
          if (data.length > 0) yield { id, event: event || "message", data: data.join("\n"), retry };
          data = [];
          event = "";
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let v = colon < 0 ? "" : line.slice(colon + 1);
        if (v.startsWith(" ")) v = v.slice(1);
        if (field === "data") data.push(v);
        else if (field === "event") event = v;
        else if (field === "id" && !v.includes("\0")) id = v;
        else if (field === "retry" && /^\d+$/.test(v)) retry = Number(v);
      }
    }
  } finally {
    reader.cancel().catch(() => {}); // closes the connection when the consumer stops early
  }
}
