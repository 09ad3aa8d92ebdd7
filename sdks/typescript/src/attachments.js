/**
 * Attachments as the api wants them (`{filename, content_type, content: base64, content_id}`), made from bytes
 * (Uint8Array, ArrayBuffer, typed arrays, Blob/File) or a file path. A path is read with node:fs/promises, imported
 * only when a path is given, so Deno, Workers and browsers never load it. A string `content` is base64 already.
 */
import { base64Encode, toBytes } from "./encoding.js";

const TYPES = {
  txt: "text/plain", csv: "text/csv", html: "text/html", htm: "text/html", ics: "text/calendar", md: "text/markdown",
  json: "application/json", pdf: "application/pdf", zip: "application/zip", gz: "application/gzip",
  xml: "application/xml", doc: "application/msword", xls: "application/vnd.ms-excel",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", svg: "image/svg+xml",
  eml: "message/rfc822",
};

/** A MIME type guessed from a file name's extension; application/octet-stream when unknown. */
export function contentTypeFor(filename) {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename ?? "")?.[1]?.toLowerCase();
  return (ext && TYPES[ext]) || "application/octet-stream";
}

function basename(path) {
  return String(path).split(/[\\/]/).pop();
}

/** One attachment in wire form. */
export async function toWireAttachment(a) {
  if (a === null || typeof a !== "object") throw new TypeError("an attachment must be an object");
  const { path, content, filename, content_type, contentType, content_id, contentId } = a;
  let name = filename;
  let type = content_type ?? contentType;
  let encoded;
  if (path !== undefined) {
    const fs = await import("node:fs/promises");
    encoded = base64Encode(new Uint8Array(await fs.readFile(path)));
    name ??= basename(path);
  } else if (typeof content === "string") {
    encoded = content;
  } else if (typeof Blob !== "undefined" && content instanceof Blob) {
    encoded = base64Encode(new Uint8Array(await content.arrayBuffer()));
    type ??= content.type || undefined;
    name ??= content.name;
  } else if (content !== undefined && content !== null) {
    encoded = base64Encode(toBytes(content));
  } else {
    throw new TypeError("an attachment needs content (bytes, Blob or base64) or a path");
  }
  const out = { filename: name, content_type: type ?? contentTypeFor(name), content: encoded };
  const cid = content_id ?? contentId;
  if (cid !== undefined) out.content_id = cid;
  if (out.filename === undefined) delete out.filename;
  return out;
}

/** The params with their `attachments` in wire form (a copy; the caller's object is left alone). */
export async function withWireAttachments(params) {
  if (!params || !Array.isArray(params.attachments)) return params;
  return { ...params, attachments: await Promise.all(params.attachments.map(toWireAttachment)) };
}
