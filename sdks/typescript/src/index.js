/** @mailroom/sdk: the Mailroom API client, webhook verification and the agent webhook handler. */
export { Mailroom } from "./client.js";
export {
  ApiError, AuthenticationError, BadRequestError, ConflictError, ConnectionError, InternalServerError, MailroomError,
  NotFoundError, PermissionDeniedError, RateLimitError, TimeoutError, ValidationError, WebhookVerificationError,
} from "./errors.js";
export {
  agentHandler, fetchAgentHandler, handleAgentWebhook, signAgentWebhook, signStandardWebhook, verifyWebhook,
} from "./webhooks.js";
export { PageIterator } from "./pagination.js";
export { EventStream } from "./streams.js";
export { OPERATIONS } from "./operations.js";
export { VERSION } from "./version.js";
export { parseRetryAfter, retryDelay } from "./retry.js";
