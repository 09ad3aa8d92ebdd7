// Type declarations of @mailroom/sdk (the code is plain ESM JavaScript in src/; these are written by hand).

// ---- Client ---------------------------------------------------------------------------------------------------

export interface ClientOptions {
  /** API key (Bearer). Default: env MAILROOM_API_KEY. */
  apiKey?: string;
  /** The api's origin. Default: env MAILROOM_BASE_URL, else http://127.0.0.1:8080. */
  baseUrl?: string;
  /** Per-request timeout in seconds (a long poll adds its wait). Default 30. */
  timeoutSeconds?: number;
  /** Retries on 408/429/5xx and network errors, where safe. Default 2. */
  maxRetries?: number;
  /** The longest wait between two attempts, in seconds (Retry-After included). Default 60. */
  maxRetryDelay?: number;
  /** The fetch to use (tests count attempts with it). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Called before each retry. */
  onRetry?: (info: RetryInfo) => void | Promise<void>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Read your own sends: `emails.get` / `messages.get` / `raw` / `body` of an id this client's own send was given
   * in the last 60 s retries a 404 (100 ms doubling, cap 1 s) for up to 5 s, while the mailbox files the send.
   * Default true.
   */
  readYourSends?: boolean;
}

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  delaySeconds: number;
  method: string;
  url: string;
  /** The answer's status; null after a network error or timeout. */
  status: number | null;
  error: ApiError | ConnectionError;
}

/** The last argument of every method. */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutSeconds?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
  /** For operations taking an Idempotency-Key (sends, replies): the key; a UUID is generated when absent. */
  idempotencyKey?: string;
}

/** Items of a cursor-paginated list, fetching pages on demand. */
export declare class PageIterator<T> implements AsyncIterable<T> {
  /** One page as answered: the `page_token` given (if any), else the first. */
  firstPage(): Promise<{ items: T[]; next_page_token?: string }>;
  pages(): AsyncGenerator<{ items: T[]; next_page_token?: string }>;
  toArray(): Promise<T[]>;
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

/** A server-sent event stream that reconnects after a drop, continuing after the last event yielded. */
export declare class EventStream<T> implements AsyncIterable<T> {
  /** The cursor after the last event yielded: the event stream's Last-Event-ID, an agent stream's seq. */
  readonly cursor: string | undefined;
  readonly lastEventId: string | undefined;
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

export type Bytes = Uint8Array | ArrayBuffer | ArrayBufferView;

/** An attachment to send: bytes, a Blob/File, base64 text (as on the wire), or a file path (Node, Bun, Deno). */
export type AttachmentInput = {
  filename?: string;
  /** Default: the Blob's type, else guessed from the file name's extension. */
  content_type?: string;
  content_id?: string;
} & ({ content: Bytes | Blob | string; path?: never } | { path: string; content?: never });

export type SendParams = Omit<SendJson, "attachments"> & {
  attachments?: AttachmentInput[];
  /** Sent as the Idempotency-Key header (not in the body); a UUID is generated when absent. */
  idempotency_key?: string;
};

export type ReplyParams = Omit<Reply, "attachments"> & { attachments?: AttachmentInput[]; idempotency_key?: string };
export type InstanceSendParams = Omit<InstanceSend, "attachments"> & { attachments?: AttachmentInput[]; idempotency_key?: string };

export interface PageParams {
  limit?: number;
  page_token?: string;
}

export interface ThreadListParams extends PageParams {
  mailbox?: string;
  folder?: "inbox" | "drafts" | "archive" | "trash" | "spam" | "sent" | "anywhere";
  label?: string;
  /** Gmail-style search. */
  q?: string;
}

export interface DraftListParams extends PageParams {
  class?: string;
  instance?: string;
  status?: "pending" | "approved" | "rejected";
  thread?: string;
}

export interface ScheduleListParams extends PageParams {
  class?: string;
  instance?: string;
  status?: "pending" | "fired" | "failed";
}

export interface MessagesParams {
  /** A history sequence number; default: now. */
  after?: number;
  direction?: "in" | "out";
  thread?: string;
  /** Seconds, or a duration such as "30s", "500ms", "PT30S"; 0 answers at once. Default 30 s. */
  wait?: number | string;
}

export interface WaitForReplyParams {
  /** Wait for a message after this sequence number (default: now). */
  after?: number;
  /** Seconds to wait in all (default 30); then null. */
  timeoutSeconds?: number;
  /** Same as timeoutSeconds. */
  timeout?: number;
  /** "in" (default): a message reaching the instance; "out": the agent's own. */
  direction?: "in" | "out";
  thread?: string;
}

/** What waitForReply returns: the history message, its sequence number (pass it as `after`) and its agent. */
export type WaitedReply = HistoryMessage & { seq: number; agent: string };

export interface EventStreamParams {
  types?: string | string[];
  mailbox?: string;
  domain?: string;
  /** Continue after this event id (sent as Last-Event-ID). */
  last_event_id?: string;
  lastEventId?: string;
}

export declare class Emails {
  send(params: SendParams, options?: RequestOptions): Promise<SendAccepted>;
  sendBatch(messages: SendParams[], options?: RequestOptions | string): Promise<BatchAccepted>;
  /** The message with its delivery status and attempts. */
  get(id: string, options?: RequestOptions): Promise<MailMessage>;
  reply(id: string, params: ReplyParams, options?: RequestOptions): Promise<ReplyAccepted>;
  replyAll(id: string, params: ReplyParams, options?: RequestOptions): Promise<ReplyAccepted>;
  forward(id: string, params: ReplyParams, options?: RequestOptions): Promise<ReplyAccepted>;
}

export declare class Mailboxes {
  list(params?: PageParams, options?: RequestOptions): PageIterator<Mailbox>;
  delete(id: string, options?: RequestOptions): Promise<void>;
}

export declare class Threads {
  list(params?: ThreadListParams, options?: RequestOptions): PageIterator<ThreadSummary>;
  search(q: string, params?: Omit<ThreadListParams, "q">, options?: RequestOptions): PageIterator<ThreadSummary>;
  get(id: string, options?: RequestOptions): Promise<MailThread>;
  update(id: string, patch: MessageChange, options?: RequestOptions): Promise<MailThread>;
  delete(id: string, options?: RequestOptions): Promise<void>;
}

export declare class Messages {
  get(id: string, options?: RequestOptions): Promise<MailMessage>;
  update(id: string, patch: MessageChange, options?: RequestOptions): Promise<MailMessage>;
  updateMany(batch: MessageBatch, options?: RequestOptions): Promise<MessageBatchResult>;
  delete(id: string, options?: RequestOptions): Promise<void>;
  /** The RFC 5322 bytes. */
  raw(id: string, options?: RequestOptions): Promise<Uint8Array>;
  /** The body as a sanitised HTML document. */
  body(id: string, params?: { images?: "block" | "allow" }, options?: RequestOptions): Promise<string>;
  attachment(id: string, attachmentId: string, params: { format: "text"; disposition?: "inline" | "attachment" }, options?: RequestOptions): Promise<string>;
  attachment(id: string, attachmentId: string, params?: { format?: undefined; disposition?: "inline" | "attachment" }, options?: RequestOptions): Promise<Uint8Array>;
}

export declare class Labels {
  list(params?: { mailbox?: string }, options?: RequestOptions): Promise<LabelList>;
}

export declare class Drafts {
  list(params?: DraftListParams, options?: RequestOptions): PageIterator<Draft>;
  get(id: string, options?: RequestOptions): Promise<Draft>;
  /** Approves (and sends) the draft, optionally edited. */
  approve(id: string, edits?: DraftApproval, options?: RequestOptions): Promise<unknown>;
  reject(id: string, reason?: string, options?: RequestOptions): Promise<unknown>;
}

export declare class Agents {
  list(params?: PageParams, options?: RequestOptions): PageIterator<AgentClass>;
  create(definition: AgentDefinition, options?: RequestOptions): Promise<Agent>;
  get(name: string, options?: RequestOptions): Promise<Agent>;
  update(name: string, definition: AgentDefinition, options?: RequestOptions): Promise<Agent>;
  delete(name: string, options?: RequestOptions): Promise<void>;
  instances(cls: string, params?: PageParams, options?: RequestOptions): PageIterator<AgentInstance>;
  getInstance(cls: string, instance: string, options?: RequestOptions): Promise<AgentInstance>;
  events(cls: string, instance: string, params?: { limit?: number }, options?: RequestOptions): Promise<InstanceEventList>;
  threads(cls: string, instance: string, params?: PageParams, options?: RequestOptions): PageIterator<Thread>;
  send(cls: string, instance: string, params: InstanceSendParams, options?: RequestOptions): Promise<ReplyAccepted>;
  /** One long poll: the raw WaitPage. */
  messages(cls: string, instance: string, params?: MessagesParams, options?: RequestOptions): Promise<WaitPage>;
  /** The first message after the cursor, or null when the timeout passes. */
  waitForReply(cls: string, instance: string, params?: WaitForReplyParams, options?: RequestOptions): Promise<WaitedReply | null>;
  streamMessages(cls: string, instance: string, params?: Omit<MessagesParams, "wait">, options?: RequestOptions): EventStream<WaitedMessage>;
}

export declare class Schedules {
  list(params?: ScheduleListParams, options?: RequestOptions): PageIterator<Schedule>;
}

export declare class Domains {
  create(name: string | CreateDomain, options?: RequestOptions): Promise<DomainView>;
  list(params?: PageParams, options?: RequestOptions): PageIterator<DomainView>;
  get(name: string, options?: RequestOptions): Promise<DomainView>;
  /** The records as zone-file text. */
  zone(name: string, options?: RequestOptions): Promise<string>;
  verify(name: string, options?: RequestOptions): Promise<DomainView>;
  rotateDkim(name: string, options?: RequestOptions): Promise<DomainView>;
  delete(name: string, options?: RequestOptions): Promise<void>;
  configureDnsUpdate(name: string, params: DnsUpdateJson, options?: RequestOptions): Promise<DomainView>;
  removeDnsUpdate(name: string, options?: RequestOptions): Promise<void>;
  publish(name: string, options?: RequestOptions): Promise<Publication>;
}

export declare class ApiKeys {
  create(params: CreateApiKey, options?: RequestOptions): Promise<ApiKey>;
  list(params?: PageParams, options?: RequestOptions): PageIterator<ApiKey>;
  get(id: string, options?: RequestOptions): Promise<ApiKey>;
  revoke(id: string, options?: RequestOptions): Promise<void>;
}

export declare class Suppressions {
  list(params?: PageParams, options?: RequestOptions): PageIterator<Suppression>;
  delete(address: string, options?: RequestOptions): Promise<void>;
}

export declare class Webhooks {
  create(definition: WebhookDefinition, options?: RequestOptions): Promise<Webhook>;
  list(options?: RequestOptions): Promise<WebhookList>;
  get(id: string, options?: RequestOptions): Promise<Webhook>;
  update(id: string, patch: Partial<WebhookDefinition>, options?: RequestOptions): Promise<Webhook>;
  delete(id: string, options?: RequestOptions): Promise<void>;
  deliveries(id: string, params?: { before?: number; limit?: number }, options?: RequestOptions): Promise<WebhookDeliveryList>;
  replayDelivery(id: string, deliveryId: string, options?: RequestOptions): Promise<WebhookDelivery>;
  replay(id: string, params: WebhookReplay, options?: RequestOptions): Promise<WebhookReplayResult>;
  rotateSecret(id: string, options?: RequestOptions): Promise<WebhookSecret>;
}

export declare class Events {
  stream(params?: EventStreamParams, options?: RequestOptions): EventStream<CustomerEvent>;
}

export declare class Mailroom {
  constructor(options?: ClientOptions);
  readonly baseUrl: string;
  readonly emails: Emails;
  readonly mailboxes: Mailboxes;
  readonly threads: Threads;
  readonly messages: Messages;
  readonly labels: Labels;
  readonly drafts: Drafts;
  readonly agents: Agents;
  readonly schedules: Schedules;
  readonly domains: Domains;
  readonly apiKeys: ApiKeys;
  readonly suppressions: Suppressions;
  readonly webhooks: Webhooks;
  readonly events: Events;
}

// ---- Errors -----------------------------------------------------------------------------------------------------

export declare class MailroomError extends Error {}

export declare class ApiError extends MailroomError {
  readonly status: number;
  readonly type: string;
  readonly title: string | null;
  readonly detail: string | null;
  readonly instance: string | null;
  readonly errors: FieldError[];
  /** Retry-After in seconds, when the answer had one. */
  readonly retryAfter: number | null;
  readonly headers: Headers | null;
  /** The answer's text when it was not problem+json. */
  readonly body: string | null;
}
export declare class BadRequestError extends ApiError {}
export declare class AuthenticationError extends ApiError {}
export declare class PermissionDeniedError extends ApiError {}
export declare class NotFoundError extends ApiError {}
export declare class ConflictError extends ApiError {}
export declare class ValidationError extends ApiError {}
export declare class RateLimitError extends ApiError {}
export declare class InternalServerError extends ApiError {}
export declare class ConnectionError extends MailroomError {}
export declare class TimeoutError extends ConnectionError {}

export type WebhookVerificationReason =
  | "missing-headers" | "bad-timestamp" | "timestamp-out-of-tolerance" | "bad-signature" | "bad-secret" | "malformed-body";

export declare class WebhookVerificationError extends MailroomError {
  readonly reason: WebhookVerificationReason;
}

// ---- Webhooks and the agent handler -------------------------------------------------------------------------------

export type HeadersLike = Headers | Record<string, string | string[] | undefined>;
export type Body = string | Bytes;

export interface VerifyOptions {
  /** How far the timestamp may be from now, in seconds. Default 300. */
  tolerance?: number;
  /** "Now", for tests. */
  now?: number | Date;
}

/** Verifies an event webhook (Standard Webhooks) or an agent webhook and answers its decoded JSON. */
export declare function verifyWebhook<T = any>(body: Body, headers: HeadersLike, secret: string, options?: VerifyOptions): Promise<T>;
export declare function signStandardWebhook(secret: string, id: string, timestamp: number | string, body: Body): Promise<string>;
export declare function signAgentWebhook(secret: string, timestamp: number | string, body: Body): Promise<string>;

/** An agent webhook's event: a message for the instance, or one of its schedules firing. */
export interface AgentEvent {
  v: number;
  event: "email" | "schedule";
  /** The same on every retry of this delivery. */
  id: string;
  agent: { class_name: string; instance: string };
  /** The routed message (event "email"). */
  email?: RoutedEmail;
  /** The schedule's payload (event "schedule"). */
  payload?: unknown;
  thread_id?: string;
  /** The instance's state, as the agent last answered it. */
  state?: any;
  /** The instance's recent threads, messages oldest first. */
  history?: Thread[];
}

export interface RoutedEmail {
  v?: number;
  id: string;
  inbound_id?: string;
  recipient?: string;
  agent?: { class_name: string; instance: string };
  route?: { by?: string; verified?: boolean; detail?: string };
  mail_from?: string;
  client_ip?: string;
  received_at?: string;
  message: ParsedMessage;
  authentication?: unknown;
}

export interface ParsedMessage {
  message_id?: string;
  in_reply_to?: string[];
  references?: string[];
  from?: Address;
  reply_to?: Address[];
  to?: Address[];
  cc?: Address[];
  subject: string;
  date?: string;
  text?: string;
  html?: string;
  attachments?: { filename?: string; content_type?: string; size?: number; sha256?: string; content_id?: string }[];
  thread_id?: string;
  /** The new text of a reply, without quoted history and signature. */
  reply_text?: string;
  /** Why this message is automatic; agents must not answer automatic mail. */
  auto_reply?: string;
  routing_headers?: Record<string, string>;
}

export interface AgentMessage {
  /** In drafts: a reply when true, else a new message (needs `to`). */
  reply?: boolean;
  to?: string[];
  cc?: string[];
  subject?: string;
  text?: string;
  html?: string;
}

/** What an agent answers; every field optional. */
export interface AgentAnswer {
  /** The instance's new state (replaces the old one); absent keeps it. */
  state?: unknown;
  replies?: AgentMessage[];
  sends?: AgentMessage[];
  drafts?: AgentMessage[];
  schedules?: ({ delay_seconds: number; payload?: unknown } | { at: string; payload?: unknown })[];
}

export type AgentFunction = (event: AgentEvent) => AgentAnswer | void | null | Promise<AgentAnswer | void | null>;

export interface HandlerOptions extends VerifyOptions {
  onError?: (error: unknown) => void;
}

export interface HandlerAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Verify, decode, call `fn`, answer: 200 with the answer JSON, 401 forged, 400 malformed, 500 when `fn` throws. */
export declare function handleAgentWebhook(body: Body, headers: HeadersLike, secret: string, fn: AgentFunction, options?: HandlerOptions): Promise<HandlerAnswer>;

/** A Node `http` / Express-style `(req, res)` listener running the handler. */
export declare function agentHandler(secret: string, fn: AgentFunction, options?: HandlerOptions): (req: any, res: any) => Promise<void>;

/** A Fetch-API handler (Workers, Deno, Bun). */
export declare function fetchAgentHandler(secret: string, fn: AgentFunction, options?: HandlerOptions): (request: Request) => Promise<Response>;

// ---- Misc -------------------------------------------------------------------------------------------------------

/** operationId → method path of every /v1/ operation (the coverage table). */
export declare const OPERATIONS: Readonly<Record<string, string>>;
export declare const VERSION: string;
/** Retry-After (seconds or an HTTP date) in seconds; null when absent or unreadable. */
export declare function parseRetryAfter(value: string | null | undefined, now?: number): number | null;
/** Seconds before retry number `attempt` (0-based). */
export declare function retryDelay(attempt: number, retryAfter: number | null, options?: { maxRetryDelay?: number; random?: () => number }): number;

// ---- The api's JSON, snake_case as on the wire: components.schemas of sdks/openapi.json (generated once from
// the document, then kept by hand). Answers leave out null fields, so most fields are optional.
/** A mailbox: display name (may be absent) and address. */
export interface Address {
  name?: string;
  address: string;
}
/** An agent class's definition (never the webhook's secret). */
export interface Agent {
  name: string;
  kind?: "java" | "webhook";
  source?: "code" | "configuration" | "api";
  addresses?: string[];
  webhook?: AgentWebhookView;
  send_policy?: string;
}
/** An agent class, with its count of stored instances. */
export interface AgentClass {
  class: string;
  /** served by this deployment */
  registered?: boolean;
  instances?: number;
  send_policy?: "autonomous" | "approved-recipients" | "drafts-only";
  kind?: "java" | "webhook";
  addresses?: string[];
}
export interface AgentClassPage {
  items: AgentClass[];
  next_page_token?: string;
}
/** A webhook agent class to create or change. */
export interface AgentDefinition {
  name: string;
  address?: string;
  addresses?: string[];
  webhook?: AgentWebhook;
}
/** An instance of an agent class; state only when read alone. */
export interface AgentInstance {
  class: string;
  instance: string;
  key?: string;
  address?: string;
  /** the instance's durable state (the agent's JSON) */
  state?: Record<string, unknown>;
  created_at?: string;
  updated_at?: string;
}
export interface AgentInstancePage {
  items: AgentInstance[];
  next_page_token?: string;
}
/** Where a webhook class is served: URL, secret (write only), timeout. */
export interface AgentWebhook {
  url: string;
  /** HMAC secret, at least 16 characters; never shown */
  secret?: string;
  timeout?: string;
}
export interface AgentWebhookView {
  url?: string;
  timeout?: string;
}
/** An API key; token only in the creation answer */
export interface ApiKey {
  id: string;
  name?: string;
  permissions?: string[];
  domains?: string[];
  rate_per_minute?: number;
  created_at?: string;
  /** the key itself, in the creation answer only */
  token?: string;
}
/** An attachment's metadata; its text's extraction state. */
export interface AttachmentInfo {
  id: string;
  filename?: string;
  content_type?: string;
  size?: number;
  /** SHA-256 of the bytes, hex; absent when the bytes were not kept */
  sha256?: string;
  content_id?: string;
  inline?: boolean;
  text_status?: "pending" | "done" | "unsupported" | "failed" | "skipped";
}
export interface AttachmentJson {
  filename?: string;
  content_type?: string;
  content: string;
  content_id?: string;
}
/** SPF, DKIM and DMARC verdicts of an inbound message. */
export interface Authentication {
  spf?: SpfVerdict;
  dkim?: DkimVerdict[];
  dmarc?: DmarcVerdict;
  header?: string;
}
/** Send ids and Message-IDs, in request order */
export interface BatchAccepted {
  ids: string[];
  message_ids: string[];
}
export interface Change {
  action?: string;
  name?: string;
  type?: string;
  value?: string;
}
export interface CreateApiKey {
  name: string;
  permissions?: string[];
  domains?: string[];
  rate_per_minute?: number;
}
export interface CreateDomain {
  name: string;
  require_verified_dkim?: boolean;
}
/** A customer event: what a webhook POSTs and the stream's data. */
export interface CustomerEvent {
  /** any of: message.received, message.sent, message.delivered, message.deferred, message.bounced, message.failed, message.suppressed, draft.created, draft.approved, draft.rejected, domain.verified, domain.record_broken */
  type: string;
  timestamp: string;
  /** ids, mailbox, recipient, status, reply; never bodies (above the size cap text and html are dropped and link points at the message) */
  data: Record<string, unknown>;
}
export interface DeliveryAttempt {
  recipient?: string;
  at?: string;
  host?: string;
  outcome?: string;
  reply?: string;
}
export interface DkimVerdict {
  result?: string;
  domain?: string;
  selector?: string;
  algorithm?: string;
  detail?: string;
}
export interface DmarcVerdict {
  result?: string;
  domain?: string;
  policy?: string;
  spf_aligned?: boolean;
  dkim_aligned?: boolean;
}
export interface DnsUpdateJson {
  server?: string;
  zone?: string;
  key_name?: string;
  key_algorithm?: string;
  key_secret?: string;
}
export interface DnsUpdateView {
  server?: string;
  zone?: string;
  key_name?: string;
  key_algorithm?: string;
  published_at?: string;
  last_publication?: Publication;
}
export interface DomainView {
  name: string;
  require_verified_dkim?: boolean;
  dkim_verified?: boolean;
  can_send?: boolean;
  created_at?: string;
  verified_at?: string;
  keys?: KeyView[];
  records?: RecordView[];
  dns_update?: DnsUpdateView;
}
/** A message an agent holds for a person to approve. */
export interface Draft {
  id: string;
  agent?: string;
  thread_id?: string;
  reason?: string;
  status: "pending" | "approved" | "rejected";
  request?: DraftMessage;
  created_at?: string;
  decided_at?: string;
  decided_by?: string;
  /** why a person rejected it, when they said */
  decision_reason?: string;
}
/** Edits made while approving; every field optional. */
export interface DraftApproval {
  subject?: string;
  text?: string;
  html?: string;
  to?: string[];
}
export interface DraftAttachment {
  filename?: string;
  content_type?: string;
  content_id?: string;
}
/** The addresses and subject a stored or drafted message has. */
export interface Envelope {
  from?: Address;
  to?: Address[];
  cc?: Address[];
  bcc?: Address[];
  reply_to?: Address[];
  subject?: string;
}
/** The message a draft holds, as it would be sent. */
export interface DraftMessage extends Envelope {
  text?: string;
  html?: string;
  in_reply_to?: string;
  references?: string[];
  attachments?: DraftAttachment[];
  message_id?: string;
}
export interface DraftPage {
  items: Draft[];
  next_page_token?: string;
}
/** Why the draft is rejected; optional. */
export interface DraftRejection {
  /** at most 1,000 characters */
  reason?: string;
}
/** One message of an instance's history. */
export interface HistoryMessage {
  id: string;
  thread_id?: string;
  direction: "in" | "out";
  /** Message-ID without angle brackets */
  message_id?: string;
  from?: Address;
  to?: Address[];
  reply_to?: Address[];
  subject?: string;
  text?: string;
  html?: string;
  in_reply_to?: string;
  references?: string[];
  at?: string;
}
/** Something an agent instance received, sent, held or scheduled. */
export interface InstanceEvent {
  type?: "received" | "sent" | "held" | "draft-approved" | "draft-rejected" | "scheduled" | "schedule-fired" | "schedule-failed";
  at?: string;
  /** the message (routed or send id), draft or schedule it is about */
  id: string;
  thread_id?: string;
  subject?: string;
  /** messages and drafts: the sender */
  from?: Address;
  /** messages and drafts: the recipients */
  to?: Address[];
  /** held: the send policy's reason; draft-rejected: the person's; schedule-failed: the error */
  reason?: string;
  /** schedules: when it is (was) due */
  due_at?: string;
}
export interface InstanceEventList {
  items: InstanceEvent[];
}
/** A message sent as an agent instance, from one of its addresses, through its class's send policy. */
export interface InstanceSend {
  from?: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  text?: string;
  html?: string;
  attachments?: OutgoingFile[];
  in_reply_to?: string;
  references?: string[];
}
export interface KeyView {
  selector?: string;
  algorithm?: string;
  status?: string;
  signing?: boolean;
  created_at?: string;
  published_at?: string;
  retiring_at?: string;
  retired_at?: string;
}
/** A label in use. */
export interface Label {
  name: string;
  messages?: number;
  unread?: number;
  threads?: number;
}
export interface LabelList {
  items: Label[];
}
/** A message received or sent: headers, bodies (untrusted content), authentication, route, attachments; a sent one with its delivery (status, recipients, attempts). */
export interface MailMessage extends Envelope {
  id: string;
  direction?: "inbound" | "outbound";
  at?: string;
  date?: string;
  snippet?: string;
  unread?: boolean;
  starred?: boolean;
  labels?: string[];
  folder?: "inbox" | "archive" | "trash" | "spam" | "sent";
  /** outbound only */
  status?: "queued" | "sent" | "delivered" | "deferred" | "partially-delivered" | "bounced" | "suppressed" | "failed";
  mailbox_id?: string;
  mailbox?: string;
  thread_id?: string;
  /** Message-ID without angle brackets */
  message_id?: string;
  in_reply_to?: string[];
  references?: string[];
  text?: string;
  html?: string;
  auto_reply?: string;
  authentication?: Authentication;
  route?: MessageRoute;
  agent?: MessageAgent;
  raw?: RawInfo;
  attachments?: AttachmentInfo[];
  recipients?: MessageRecipient[];
  attempts?: DeliveryAttempt[];
  /** remote images getMessageBody blocks (show a Show images button) */
  remote_images?: number;
  /** outbound only: the same delivery as one object for a timeline */
  delivery?: MessageDelivery;
}
/** A conversation in one mailbox, its messages oldest first. */
export interface MailThread {
  id: string;
  mailbox_id?: string;
  mailbox?: string;
  subject?: string;
  /** Message-ID of the thread's root */
  root?: string;
  message_count?: number;
  unread_count?: number;
  needs_reply?: boolean;
  last_message_at?: string;
  messages?: MessageSummary[];
  /** the agent class owning the mailbox, absent for a plain mailbox */
  agent_class?: string;
  agent_instance?: string;
  /** an agent mailbox's pending drafts in this thread (agent-host's), oldest first */
  drafts?: ThreadDraft[];
  /** why the drafts could not be read (agent-host did not answer or refused); the thread shows without them */
  drafts_error?: string;
}
/** An address Mailroom serves, with its counts. */
export interface Mailbox {
  id: string;
  address: string;
  domain?: string;
  agent_class?: string;
  agent_instance?: string;
  messages?: number;
  unread?: number;
  threads_needing_reply?: number;
}
export interface MailboxPage {
  items: Mailbox[];
  next_page_token?: string;
}
export interface MessageAgent {
  class?: string;
  instance?: string;
}
/** Up to 100 message ids and one change, applied to all or none. */
export interface MessageBatch {
  ids: string[];
  patch: MessageChange;
}
export interface MessageBatchResult {
  updated: number;
}
/** Flags, folder and labels to change; absent fields stay. labels replaces the labels; add_labels/remove_labels edit them (not with labels). */
export interface MessageChange {
  unread?: boolean;
  starred?: boolean;
  folder?: "inbox" | "archive" | "trash" | "spam" | "sent";
  labels?: string[];
  add_labels?: string[];
  remove_labels?: string[];
}
/** The delivery of a sent message: queued, then per recipient its state and every attempt (time, outcome, the remote server's reply). */
export interface MessageDelivery {
  status?: string;
  queued_at?: string;
  recipients?: MessageRecipient[];
  attempts?: DeliveryAttempt[];
}
export interface MessageRecipient {
  address?: string;
  status?: string;
  attempts?: number;
  next_attempt_at?: string;
  last_reply?: string;
}
/** How the router chose the mailbox of an inbound message. */
export interface MessageRoute {
  by?: "address" | "reply-token";
  /** a valid signed reply token chose it */
  verified?: boolean;
  /** why a token, if any, was not honoured */
  detail?: string;
  /** the mailbox's address */
  address?: string;
  /** the agent owning the mailbox; null for a plain address */
  agent?: MessageAgent;
}
/** A message as a thread lists it. */
export interface MessageSummary {
  id: string;
  direction?: "inbound" | "outbound";
  from?: Address;
  to?: Address[];
  cc?: Address[];
  subject?: string;
  at?: string;
  snippet?: string;
  unread?: boolean;
  starred?: boolean;
  labels?: string[];
  folder?: "inbox" | "archive" | "trash" | "spam" | "sent";
  /** outbound only */
  status?: string;
  attachments?: AttachmentInfo[];
}
/** A file to attach: base64 content; with content_id an inline part. */
export interface OutgoingFile {
  filename?: string;
  content_type?: string;
  content: string;
  content_id?: string;
}
export interface PageDomainView {
  items: DomainView[];
  next_page_token?: string;
}
export interface PageKeyView {
  items: ApiKey[];
  next_page_token?: string;
}
export interface Publication {
  status?: string;
  changes?: Change[];
  error?: string;
  at?: string;
}
export interface RawInfo {
  sha256?: string;
  size?: number;
}
export interface RecordView {
  purpose?: string;
  name?: string;
  type?: string;
  value?: string;
  rdata?: string;
  ttl?: number;
  status?: string;
  found?: string[];
  detail?: string;
}
/** A reply, reply-all or forward: the new text; recipients (a forward's to is required; for a reply they are added); files. Addresses as "ann@example.org" or "Ann <ann@example.org>". */
export interface Reply {
  text?: string;
  html?: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  attachments?: OutgoingFile[];
  /** forward only: attach the message's attachments (default true) */
  include_attachments?: boolean;
}
/** The send id; queued, or held for approval as draft draft_id (agent mailboxes); the Message-ID it goes out with. */
export interface ReplyAccepted {
  id: string;
  status?: "queued" | "held";
  draft_id?: string;
  message_id?: string;
}
/** A wake-up an agent asked for. */
export interface Schedule {
  id: string;
  agent?: string;
  thread_id?: string;
  due_at?: string;
  status?: "pending" | "fired" | "failed";
  attempts?: number;
  last_error?: string;
  /** the agent's JSON */
  payload?: Record<string, unknown>;
  created_at?: string;
  fired_at?: string;
}
export interface SchedulePage {
  items: Schedule[];
  next_page_token?: string;
}
/** An attachment's text with the searched words marked like the body's, and its file name; both HTML-escaped. */
export interface SearchAttachmentHighlight {
  filename?: string;
  text?: string;
}
/** Subject and body of the thread's best message, HTML-escaped, every searched word in <mark></mark>: safe to insert as HTML. */
export interface SearchHighlights {
  subject?: string;
  body?: string;
  /** the attachment whose extracted text (PDF, Office documents, text) best matches a searched word, of the thread's best matching messages; null when no attachment's text has one */
  attachment?: SearchAttachmentHighlight | null;
}
/** The send id and the Message-ID the message goes out with */
export interface SendAccepted {
  id: string;
  message_id: string;
}
export interface SendJson {
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  reply_to?: string[];
  subject?: string;
  text?: string;
  html?: string;
  attachments?: AttachmentJson[];
  headers?: Record<string, string>;
  in_reply_to?: string;
  references?: string[];
  tags?: string[];
}
export interface SpfVerdict {
  result?: string;
  domain?: string;
  detail?: string;
}
/** A recipient Mailroom no longer sends to. */
export interface Suppression {
  address?: string;
  reason?: "hard-bounce" | "manual";
  detail?: string;
  message_id?: string;
  created_at?: string;
}
export interface SuppressionPage {
  items: Suppression[];
  next_page_token?: string;
}
/** A thread of an instance, messages oldest first. */
export interface Thread {
  id: string;
  subject?: string;
  messages?: HistoryMessage[];
}
/** A draft held for approval, inline in its thread. */
export interface ThreadDraft {
  id: string;
  status?: string;
  reason?: string;
  subject?: string;
  text?: string;
  html?: string;
  to?: string[];
  in_reply_to?: string;
  message_id?: string;
  created_at?: string;
}
export interface ThreadPage {
  items: Thread[];
  next_page_token?: string;
}
/** A sender of a thread. */
export interface ThreadParticipant {
  /** null when no message gave one */
  name?: string;
  address?: string;
}
/** A thread of a mailbox as listed. */
export interface ThreadSummary {
  id: string;
  mailbox_id?: string;
  subject?: string;
  /** the start of the last message's text */
  snippet?: string;
  last_message_at?: string;
  message_count?: number;
  unread_count?: number;
  /** the last message is inbound, not automatic, and unanswered */
  needs_reply?: boolean;
  /** every label of its messages */
  labels?: string[];
  /** distinct senders of its messages, newest first, at most 5 */
  participants?: ThreadParticipant[];
  /** a message of it is starred */
  starred?: boolean;
  /** a message has an attachment that is not inline */
  has_attachments?: boolean;
  /** agent drafts of it waiting for a person */
  drafts_pending?: number;
  /** the worst delivery state of its sent messages (failed or suppressed > bounced or partially delivered > deferred); null when none */
  delivery_problem?: "deferred" | "bounced" | "failed";
  /** with q: the messages meeting it, best match (or newest) first, at most 100 */
  message_ids?: string[];
  /** with words in q */
  highlights?: SearchHighlights;
}
export interface ThreadSummaryPage {
  items: ThreadSummary[];
  next_page_token?: string;
}
/** The messages after a cursor, and the cursor to wait after next. */
export interface WaitPage {
  messages: WaitedMessage[];
  cursor: number;
}
/** A message of the wait API with its history sequence number. */
export interface WaitedMessage {
  seq: number;
  agent: string;
  message: HistoryMessage;
}
/** A webhook; secret only in the answer to its creation. */
export interface Webhook {
  id: string;
  url?: string;
  event_types?: string[];
  mailbox_id?: string;
  domain?: string;
  description?: string;
  enabled?: boolean;
  /** why Mailroom disabled it (persistent failure); PATCH enabled=true resumes */
  disabled_reason?: string;
  disabled_at?: string;
  /** after a rotation: until when the previous secret signs too */
  previous_secret_expires_at?: string;
  created_at?: string;
  updated_at?: string;
  /** whsec_<base64>: shown once, at creation */
  secret?: string;
}
/** A webhook to create, or the fields to change (absent: kept). */
export interface WebhookDefinition {
  /** http or https; a host resolving to a private, loopback, link-local or metadata address is refused */
  url: string;
  /** any of: message.received, message.sent, message.delivered, message.deferred, message.bounced, message.failed, message.suppressed, draft.created, draft.approved, draft.rejected, domain.verified, domain.record_broken */
  event_types?: string[];
  /** only events of this mailbox */
  mailbox_id?: string;
  /** only events of this domain (one the key covers) */
  domain?: string;
  description?: string;
  enabled?: boolean;
}
/** One event for one webhook. */
export interface WebhookDelivery {
  id: string;
  event_id?: string;
  event_type?: string;
  status?: "pending" | "delivered" | "failed";
  attempts?: number;
  last_status_code?: number;
  last_error?: string;
  last_attempt_at?: string;
  next_attempt_at?: string;
  created_at?: string;
}
/** Newest event first; next_before continues the list. */
export interface WebhookDeliveryList {
  items: WebhookDelivery[];
  next_before?: number;
}
export interface WebhookList {
  items: Webhook[];
}
/** Deliver again every event of [since, until) the webhook wants. */
export interface WebhookReplay {
  since?: string;
  /** default: now */
  until?: string;
}
export interface WebhookReplayResult {
  replayed: number;
}
/** A rotated secret, shown once. */
export interface WebhookSecret {
  id: string;
  secret: string;
  previous_secret_expires_at?: string;
}
/** An RFC 9457 problem document (application/problem+json), the one error shape of the API. Absent members are left out. */
export interface Problem {
  /** Stable URI of the problem type; clients branch on it, never on texts: bad-request (400), malformed-json (400), unauthorized (401), forbidden (403), csrf-failed (403), not-found (404), method-not-allowed (405), not-acceptable (406), draft-decided (409), agent-conflict (409), idempotency-key-reused (409), idempotency-key-in-progress (409), domain-exists (409), dns-update-not-configured (409), unsupported-media-type (415), invalid-request (422), rate-limited (429), internal-error (500), dns-update-failed (502), key-check-unavailable (503), session-unavailable (503), rate-limit-unavailable (503), kafka-unavailable (503), domains-not-loaded (503), key-store-unavailable (503), master-key-missing (503), upstream-unavailable (503) */
  type: "https://mailroom.dev/problems/bad-request" | "https://mailroom.dev/problems/malformed-json" | "https://mailroom.dev/problems/unauthorized" | "https://mailroom.dev/problems/forbidden" | "https://mailroom.dev/problems/csrf-failed" | "https://mailroom.dev/problems/not-found" | "https://mailroom.dev/problems/method-not-allowed" | "https://mailroom.dev/problems/not-acceptable" | "https://mailroom.dev/problems/draft-decided" | "https://mailroom.dev/problems/agent-conflict" | "https://mailroom.dev/problems/idempotency-key-reused" | "https://mailroom.dev/problems/idempotency-key-in-progress" | "https://mailroom.dev/problems/domain-exists" | "https://mailroom.dev/problems/dns-update-not-configured" | "https://mailroom.dev/problems/unsupported-media-type" | "https://mailroom.dev/problems/invalid-request" | "https://mailroom.dev/problems/rate-limited" | "https://mailroom.dev/problems/internal-error" | "https://mailroom.dev/problems/dns-update-failed" | "https://mailroom.dev/problems/key-check-unavailable" | "https://mailroom.dev/problems/session-unavailable" | "https://mailroom.dev/problems/rate-limit-unavailable" | "https://mailroom.dev/problems/kafka-unavailable" | "https://mailroom.dev/problems/domains-not-loaded" | "https://mailroom.dev/problems/key-store-unavailable" | "https://mailroom.dev/problems/master-key-missing" | "https://mailroom.dev/problems/upstream-unavailable";
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}
/** One invalid field: its JSON path and what is wrong with it. */
export interface FieldError {
  field?: string;
  detail?: string;
}
