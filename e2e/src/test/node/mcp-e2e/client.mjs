// One MCP session of the official TypeScript SDK client against the real stack, kept open while the e2e test asks
// for one step after another (a coding agent's session): over Streamable HTTP (the api's /mcp with a key) or over
// stdio (a process the client launches, as `bin/mailroom mcp` with MAILROOM_API_URL / MAILROOM_API_KEY).
//
// Usage:
//   node client.mjs --transport http --url http://127.0.0.1:8080/mcp --token mr_...
//   node client.mjs --transport stdio --command /repo/bin/mailroom --arg mcp --env MAILROOM_API_URL=... --env ...
//
// Prints one JSON line when connected ({"connected": true, "server": {...}}) or not ({"connected": false, "error"}:
// exit 1), then reads one JSON step per stdin line and answers each with one JSON line carrying the step's id:
//   {"id": 1, "list": true}                       -> {"id": 1, "result": {"tools": [...every page...]}}
//   {"id": 2, "call": "get_email", "args": {...}} -> {"id": 2, "result": <CallToolResult>}
// client.callTool checks structured content against the tool's output schema (listed at connect); a step the client refuses (an invalid
// answer, a protocol error, a timeout) is {"id": n, "error": "..."}. At EOF: closes the session, exits 0.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    transport: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    command: { type: 'string' },
    arg: { type: 'string', multiple: true },
    env: { type: 'string', multiple: true },
  },
});
const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const message = (e) => String((e && e.message) || e);

let transport;
if (values.transport === 'http' && values.url) {
  const headers = values.token ? { Authorization: `Bearer ${values.token}` } : {};
  transport = new StreamableHTTPClientTransport(new URL(values.url), { requestInit: { headers } });
} else if (values.transport === 'stdio' && values.command) {
  // what an mcpServers entry gives: command, args, env (the SDK adds only HOME, PATH, USER... of its own)
  const env = Object.fromEntries((values.env || []).map((kv) => [kv.slice(0, kv.indexOf('=')),
    kv.slice(kv.indexOf('=') + 1)]));
  transport = new StdioClientTransport({ command: values.command, args: values.arg || [], env, stderr: 'inherit' });
} else {
  print({ connected: false, error: 'usage: --transport http --url URL [--token KEY] | --transport stdio'
    + ' --command PATH [--arg A]... [--env K=V]...' });
  process.exit(2);
}

const client = new Client({ name: 'mailroom-mcp-e2e', version: '1.0.0' });
try {
  await client.connect(transport, { timeout: 120000 });
} catch (e) {
  print({ connected: false, error: message(e) });
  process.exit(1);
}
// as an agent does first: list the tools, so the client holds their output schemas and checks every structured
// result against its tool's schema from here on (it checks only the tools it has listed)
try {
  await client.listTools();
} catch (e) {
  print({ connected: false, error: 'tools/list: ' + message(e) });
  process.exit(1);
}
print({ connected: true, server: client.getServerVersion(), capabilities: client.getServerCapabilities() });

async function answer(step) {
  if (step.list) {
    const tools = [];
    let cursor;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return { tools };
  }
  return client.callTool({ name: step.call, arguments: step.args || {} }, undefined,
    { timeout: step.timeoutMs || 120000 });
}

// steps one at a time, in order (the test waits for each answer before it sends the next)
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) {
    continue;
  }
  let step;
  try {
    step = JSON.parse(line);
  } catch (e) {
    print({ id: null, error: 'not JSON: ' + message(e) });
    continue;
  }
  try {
    print({ id: step.id, result: await answer(step) });
  } catch (e) {
    print({ id: step.id, error: message(e) });
  }
}
await client.close();
process.exit(0);
