import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EvidenceRejected } from "../../src/ledger/evidence";
import { documentPath, documentTypeOf, storeDocument } from "../../src/ledger/evidence-document";
import { cfb, docx, exe, pdf, xlsxDocument, zip } from "../support/documents";
import { heic, jpeg } from "../support/images";

describe("a document's type comes from its bytes", () => {
  it("knows PDF, Word and Excel, old and new", async () => {
    expect(await documentTypeOf(pdf())).toBe("pdf");
    expect(await documentTypeOf(docx())).toBe("docx");
    expect(await documentTypeOf(await xlsxDocument())).toBe("xlsx");
    expect(await documentTypeOf(cfb("WordDocument"))).toBe("doc");
    expect(await documentTypeOf(cfb("Workbook"))).toBe("xls");
  });

  it("knows scanned images", async () => {
    expect(await documentTypeOf(await jpeg())).toBe("jpeg");
  });

  it("refuses a program, a plain zip, an installer's container, an iPhone picture and text", async () => {
    expect(await documentTypeOf(exe())).toBeNull();
    expect(await documentTypeOf(zip())).toBeNull();
    expect(await documentTypeOf(cfb("SummaryInformation"))).toBeNull();
    expect(await documentTypeOf(heic(64, 64))).toBeNull();
    expect(await documentTypeOf(Buffer.from("序号,问题\n1,河道"))).toBeNull();
  });
});

describe("storing a document", () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), "duban-doc-"))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps the bytes under their hash, with the sender's name only for showing", async () => {
    const bytes = pdf();
    const stored = await storeDocument(dir, bytes, { maxBytes: 1024 * 1024, name: "整改报告.exe" });
    expect(stored).toMatchObject({ type: "pdf", mime: "application/pdf", name: "整改报告.exe", size: bytes.length });
    expect(stored.path.endsWith(`${stored.sha256}.pdf`)).toBe(true);
    expect(await readFile((await documentPath(dir, stored.sha256, "pdf"))!)).toEqual(bytes);
    expect(await documentPath(dir, stored.sha256, "docx")).toBeNull();
  });

  it("refuses a zip named .pdf, and a file over the limit", async () => {
    await expect(storeDocument(dir, zip(), { maxBytes: 1024 * 1024, name: "report.pdf" })).rejects.toMatchObject({ reason: "not_accepted" });
    const big = storeDocument(dir, pdf(), { maxBytes: 100, name: "a.pdf" });
    await expect(big).rejects.toBeInstanceOf(EvidenceRejected);
    await expect(big).rejects.toMatchObject({ reason: "too_large" });
  });
});
