// Drives Mailroom's MCP endpoint with the official TypeScript MCP SDK client over Streamable HTTP, as a coding
// agent would: connect (initialize), then run the steps given as JSON, printing one JSON line with every answer.
//
// Usage:
//   node session.mjs --url http://127.0.0.1:8080/mcp --token mr_... --steps '[{"list":true},{"call":"send_email","args":{...}}]'
//
// Each step is {"list": true} (tools/list: name, description, inputSchema, outputSchema, annotations) or
// {"call": "<tool>", "args": {...}} (tools/call through client.callTool, which checks structured content against
// the tool's output schema: the tools are listed right after connecting, so every tool's schema is known). Prints {"ok": true, "results": [...]} and exits 0; a step the client refuses (an
// invalid answer, a protocol error) is {"error": "..."} in its place. Exit 1 when the connection fails
// ({"ok": false, "error": "..."}, e.g. a bad key), 2 on bad usage.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { url: { type: 'string' }, token: { type: 'string' }, steps: { type: 'string' } },
});
if (!values.url || !values.steps) {
  console.log(JSON.stringify({ ok: false, error: 'usage: --url URL [--token KEY] --steps JSON' }));
  process.exit(2);
}
const headers = values.token ? { Authorization: `Bearer ${values.token}` } : {};
const transport = new StreamableHTTPClientTransport(new URL(values.url), { requestInit: { headers } });
const client = new Client({ name: 'mailroom-mcp-test', version: '1.0.0' });
try {
  await client.connect(transport);
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e && e.message || e) }));
  process.exit(1);
}
// as an agent does first, and so that the client checks every structured result against its tool's output schema
// (the SDK checks only tools it has listed; without this a result with a null for a "string" went unnoticed)
try {
  await client.listTools();
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: 'tools/list: ' + String(e && e.message || e) }));
  process.exit(1);
}
const results = [];
for (const step of JSON.parse(values.steps)) {
  try {
    if (step.list) {
      const tools = [];
      let cursor;
      do {
        const page = await client.listTools(cursor ? { cursor } : {});
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
      results.push({ tools });
    } else {
      results.push(await client.callTool({ name: step.call, arguments: step.args || {} }, undefined,
        { timeout: 120000 }));
    }
  } catch (e) {
    results.push({ error: String(e && e.message || e) });
  }
}
await client.close();
console.log(JSON.stringify({ ok: true, results }));
process.exit(0);
