/** Runtime-neutral helpers: base64, hex, bytes of bodies, Web Crypto (Node 18 has it only as node:crypto's). */

const encoder = new TextEncoder();

/** UTF-8 bytes of a string, or the bytes of a byte source as they are. */
export function toBytes(data) {
  if (typeof data === "string") return encoder.encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError("expected a string, Uint8Array, ArrayBuffer or typed array");
}

/** Standard base64 of bytes (chunked, so large attachments do not overflow the call stack). */
export function base64Encode(bytes) {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** Bytes of standard base64; throws TypeError on anything else. */
export function base64Decode(text) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    throw new TypeError("not base64");
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Bytes of lower- or upper-case hex; null when it is not hex. */
export function hexDecode(text) {
  if (typeof text !== "string" || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lower-case hex of bytes. */
export function hexEncode(bytes) {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

let webCrypto;

/** The Web Crypto object: the global one, or node:crypto's on Node 18 (loaded only there). */
export async function crypto() {
  if (webCrypto) return webCrypto;
  if (globalThis.crypto?.subtle) {
    webCrypto = globalThis.crypto;
  } else {
    webCrypto = (await import("node:crypto")).webcrypto;
  }
  return webCrypto;
}

/** A random UUID (v4) for Idempotency-Key. */
export async function randomUuid() {
  const c = await crypto();
  if (typeof c.randomUUID === "function") return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = hexEncode(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
