// The app's only way to the server: same-origin fetch with the session cookie, the CSRF token on every change,
// problem+json answers as ApiError, a 401 sends the app back to sign-in.

/** A non-2xx answer: the problem+json fields (RFC 9457) the api answers with. */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type || 'about:blank';
    this.title = problem.title || statusTitle(status);
    this.detail = problem.detail || '';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }

  /** The detail of the error on `field` (e.g. `q`, `api_key`), else the overall detail. */
  about(field) {
    const e = this.errors.find((x) => x && x.field === field);
    return e ? e.detail || e.message || this.detail : this.detail;
  }
}

function statusTitle(status) {
  if (status === 0) return 'Network error';
  if (status === 408) return 'Timed out';
  if (status >= 500) return 'Server error';
  return 'Request failed';
}

/** `path` plus the query string of `query`'s non-empty values (arrays repeat the name). */
export function url(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/**
 * The api client. `options.csrf()` gives the session's CSRF token; `options.onUnauthorized(error)` runs on
 * every 401 (except for calls made with `{ quiet401: true }`, like the sign-in itself).
 */
export function createApi({ csrf = () => null, onUnauthorized = () => {}, timeoutMs = 30000 } = {}) {
  async function request(method, path, { query, body, headers = {}, timeout = timeoutMs, signal, quiet401, as = 'json' } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), timeout);
    const onAbort = () => controller.abort(signal.reason);
    if (signal) signal.aborted ? onAbort() : signal.addEventListener('abort', onAbort, { once: true });
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers }, signal: controller.signal };
    if (method !== 'GET' && method !== 'HEAD') {
      const token = csrf();
      if (token) init.headers['X-CSRF-Token'] = token;
    }
    if (body !== undefined) {
      if (body instanceof FormData || body instanceof Blob || typeof body === 'string') {
        init.body = body;
      } else {
        init.body = JSON.stringify(body);
        init.headers['Content-Type'] = 'application/json';
      }
    }
    let res;
    try {
      res = await fetch(url(path, query), init);
    } catch (e) {
      if (signal && signal.aborted) throw e;
      const timedOut = controller.signal.aborted;
      throw new ApiError(timedOut ? 408 : 0, {
        title: timedOut ? 'Timed out' : 'Network error',
        detail: timedOut ? 'The server did not answer in time.' : 'The server could not be reached.',
      });
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
    }
    if (!res.ok) {
      const error = new ApiError(res.status, await problemOf(res));
      if (res.status === 401 && !quiet401) onUnauthorized(error);
      throw error;
    }
    if (res.status === 204 || as === 'response') return as === 'response' ? res : null;
    if (as === 'text') return res.text();
    if (as === 'blob') return res.blob();
    const type = res.headers.get('Content-Type') || '';
    return type.includes('json') ? res.json() : res.text();
  }

  return {
    /** GET `path` with `opts.query`; the parsed JSON. */
    get: (path, opts = {}) => request('GET', path, opts),
    /** `method` with a JSON `body` (or FormData/Blob/string as is); the parsed JSON, null for 204. */
    send: (method, path, body, opts = {}) => request(method, path, { ...opts, body }),
    /** `method` with `body` (FormData, Blob or File) sent as is, e.g. an upload; the parsed JSON. */
    upload: (method, path, body, opts = {}) => request(method, path, { ...opts, body }),
    /** GET as text (e.g. a message's raw source). */
    text: (path, opts = {}) => request('GET', path, { ...opts, as: 'text', headers: { Accept: '*/*' } }),
    /** The same-origin URL of `path` with `query` (for iframes, links, EventSource). */
    url,
    request,
  };
}

async function problemOf(res) {
  try {
    const type = res.headers.get('Content-Type') || '';
    if (type.includes('json')) return await res.json();
    const text = await res.text();
    return { detail: text.length < 300 ? text : '' };
  } catch {
    return {};
  }
}

/** A File as the API's attachment JSON `{filename, content_type, content}` (content base64). */
export async function fileToAttachment(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { filename: file.name, content_type: file.type || 'application/octet-stream', content: btoa(binary) };
}
