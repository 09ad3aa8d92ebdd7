// An echo agent behind a webhook: a Node http server running the SDK's agent handler. Each message to an
// instance (<address>+<instance>@<domain>) is answered with its own text; the instance counts them in its state.
//
// Run:  AGENT_SECRET=a-long-random-secret PORT=8787 node echo-agent.mjs
// With AGENT_CLASS and AGENT_ADDRESS set (and MAILROOM_API_KEY, an admin key), it registers itself at start
// (POST /v1/agents, url http://127.0.0.1:PORT/agent) and removes the class on Ctrl-C.
import { createServer } from "node:http";
import { Mailroom, agentHandler } from "@mailroom/sdk";

const secret = process.env.AGENT_SECRET ?? "change-me-to-a-long-random-secret";
const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? "127.0.0.1";

/** The agent: a plain function from the event to the answer. */
function echo(event) {
  if (event.event === "schedule") return; // no schedules here
  const message = event.email.message;
  if (message.auto_reply) return; // never answer automatic mail (loops)
  const count = (event.state?.count ?? 0) + 1;
  const said = message.reply_text ?? message.text ?? "";
  return {
    state: { count },
    replies: [{ text: `Echo #${count} from ${event.agent.class_name}/${event.agent.instance}:\n\n${said}` }],
  };
}

const handle = agentHandler(secret, echo, { onError: (e) => console.error("agent failed:", e) });
const server = createServer((req, res) => {
  if (req.method === "POST" && req.url === "/agent") return handle(req, res);
  res.writeHead(404).end();
});
server.listen(port, host, async () => {
  const url = `http://${host}:${port}/agent`;
  console.log(`echo agent listening on ${url}`);
  const name = process.env.AGENT_CLASS;
  if (!name) return;
  const mr = new Mailroom();
  await mr.agents.create({ name, address: process.env.AGENT_ADDRESS ?? name.toLowerCase(), webhook: { url, secret } });
  console.log(`registered agent class ${name}`);
  process.once("SIGINT", async () => {
    await mr.agents.delete(name).catch((e) => console.error(e.message));
    server.close();
    process.exit(0);
  });
});
