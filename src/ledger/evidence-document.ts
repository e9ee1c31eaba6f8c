/**
 * Documents sent as evidence (佐证材料: PDF, Word, Excel, scanned images), stored by content
 * hash beside the photos. What a file is comes from its bytes (file-type), never its name:
 * a zip or a program renamed .pdf is refused.
 */
import { createHash } from "node:crypto";
import { access } from "node:fs/promises";
import { join } from "node:path";
import type { DocumentType } from "../core/types";
import { EvidenceRejected, writeOnce } from "./evidence";

export interface StoredDocument {
  sha256: string;
  path: string;
  size: number;
  type: DocumentType;
  mime: string;
  /** As the sender named it, for showing only. */
  name: string;
}

const FORMATS: Record<DocumentType, { mime: string; ext: string }> = {
  pdf: { mime: "application/pdf", ext: "pdf" },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: "docx" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" },
  doc: { mime: "application/msword", ext: "doc" },
  xls: { mime: "application/vnd.ms-excel", ext: "xls" },
  tiff: { mime: "image/tiff", ext: "tif" },
  jpeg: { mime: "image/jpeg", ext: "jpg" },
  png: { mime: "image/png", ext: "png" },
  bmp: { mime: "image/bmp", ext: "bmp" },
};

/** file-type's extension → the document type it is, for the ones taken. */
const DETECTED: Record<string, DocumentType> = { pdf: "pdf", docx: "docx", xlsx: "xlsx", tif: "tiff", jpg: "jpeg", png: "png", bmp: "bmp" };

/** What the bytes are, or null for anything not taken as a document. */
export async function documentTypeOf(bytes: Uint8Array): Promise<DocumentType | null> {
  const { fileTypeFromBuffer } = await import("file-type");
  const found = await fileTypeFromBuffer(bytes);
  if (!found) return null;
  if (found.ext === "cfb") return office97(bytes);
  return Object.hasOwn(DETECTED, found.ext) ? DETECTED[found.ext]! : null;
}

/**
 * Word 97-2003 and Excel 97-2003 files are both Compound File Binary containers, as are
 * Windows installers (.msi): file-type says only "cfb". The container's directory names
 * its streams in UTF-16LE — "WordDocument" in a .doc, "Workbook" (or "Book", Excel 5) in
 * an .xls — and a container with neither is refused.
 */
function office97(bytes: Uint8Array): DocumentType | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (stream: string) => buf.includes(Buffer.from(`${stream}\0`, "utf16le"));
  if (has("WordDocument")) return "doc";
  if (has("Workbook") || has("Book")) return "xls";
  return null;
}

export async function storeDocument(dataDir: string, bytes: Uint8Array, p: { maxBytes: number; name: string }): Promise<StoredDocument> {
  if (bytes.length === 0) throw new EvidenceRejected("empty");
  if (bytes.length > p.maxBytes) throw new EvidenceRejected("too_large", `${bytes.length} > ${p.maxBytes} bytes`);
  const type = await documentTypeOf(bytes);
  if (!type) throw new EvidenceRejected("not_accepted");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const path = documentFile(dataDir, sha256, FORMATS[type].ext);
  await writeOnce(path, bytes);
  return { sha256, path, size: bytes.length, type, mime: FORMATS[type].mime, name: p.name };
}

/** The stored file of a document, or null when this data directory does not have it. */
export async function documentPath(dataDir: string, sha256: string, type: DocumentType): Promise<string | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const path = documentFile(dataDir, sha256, FORMATS[type].ext);
  return (await access(path).then(() => true, () => false)) ? path : null;
}

export const documentMime = (type: DocumentType) => FORMATS[type].mime;
export const documentExt = (type: DocumentType) => FORMATS[type].ext;

function documentFile(dataDir: string, sha256: string, ext: string): string {
  return join(dataDir, "evidence", sha256.slice(0, 2), `${sha256}.${ext}`);
}
