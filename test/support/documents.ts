/**
 * Small real documents made in the test, so no binary blob is committed: a PDF written as
 * text, a .docx zipped by hand, an .xlsx from exceljs, Office 97-2003 containers with just
 * the header and directory entry that name their stream, and things that are not documents.
 */
import ExcelJS from "exceljs";
import { handBuiltZip } from "../io/zips";

/** A one-page PDF: header, catalog, pages, page, trailer (PDF 1.4, ISO 32000's minimal shape). */
export function pdf(text = "整改完成情况说明"): Buffer {
  const body = [
    "%PDF-1.4",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj",
    `% ${Buffer.from(text).toString("hex")}`,
    "trailer << /Root 1 0 R >>",
    "%%EOF",
  ].join("\n");
  return Buffer.from(body, "latin1");
}

const CONTENT_TYPES = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;

/** A .docx: [Content_Types].xml naming the Word main part, and that part. */
export function docx(): Buffer {
  return Buffer.from(handBuiltZip([
    { name: "[Content_Types].xml", data: Buffer.from(CONTENT_TYPES("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")) },
    { name: "word/document.xml", data: Buffer.from(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`) },
  ]));
}

export async function xlsxDocument(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet("监测数据").addRow(["日期", "COD"]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * A Compound File Binary container (MS-CFB): the signature, a 512-byte header and one
 * directory sector whose second entry names `stream` — "WordDocument" for a .doc,
 * "Workbook" for an .xls; an .msi names neither.
 */
export function cfb(stream: string): Buffer {
  const file = Buffer.alloc(512 * 3);
  Buffer.from("d0cf11e0a1b11ae1", "hex").copy(file, 0);
  file.writeUInt16LE(0x003e, 24);
  file.writeUInt16LE(0x0003, 26);
  file.writeUInt16LE(0xfffe, 28);
  file.writeUInt16LE(9, 30);
  file.writeUInt16LE(6, 32);
  file.writeUInt32LE(1, 48);
  const entry = (at: number, name: string, type: number) => {
    const units = Buffer.from(`${name}\0`, "utf16le");
    units.copy(file, at);
    file.writeUInt16LE(units.length, at + 64);
    file[at + 66] = type;
  };
  entry(1024, "Root Entry", 5);
  entry(1024 + 128, stream, 2);
  return file;
}

/** A Windows program: MZ header and the PE signature it points to. */
export function exe(): Buffer {
  const file = Buffer.alloc(256);
  file.write("MZ", 0, "latin1");
  file.writeUInt32LE(0x80, 0x3c);
  file.write("PE\0\0", 0x80, "latin1");
  return file;
}

/** A plain zip archive (what a "report.pdf" can really be). */
export function zip(): Buffer {
  return Buffer.from(handBuiltZip([{ name: "photos/readme.txt", data: Buffer.from("not a document") }]));
}
