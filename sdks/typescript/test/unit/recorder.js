// A local HTTP server for unit tests: records every request and answers with what the test scripts.
import { createServer } from "node:http";

/**
 * @param {(req: {method: string, path: string, query: URLSearchParams, headers: object, body: string},
 *   res: import("node:http").ServerResponse, n: number) => void} [answer] writes the answer; default JSON `{}`
 */
export async function startRecorder(answer) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const url = new URL(req.url, "http://x");
    const r = { method: req.method, path: url.pathname, query: url.searchParams, headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8") };
    requests.push(r);
    if (answer) return answer(r, res, requests.length);
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end("{}");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  return {
    baseUrl,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}

export function json(res, status, body, headers = {}) {
  res.writeHead(status, { "Content-Type": status >= 400 ? "application/problem+json" : "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}
