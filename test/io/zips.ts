/** Zips built by hand, so that their headers can say anything (zip bombs for the tests). */
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

interface Part {
  name: string;
  data: Buffer;
  /** Store this uncompressed size in the headers instead of the real one. */
  claim?: number;
}

/** A zip built by hand, so that its headers can say anything. */
export function handBuiltZip(parts: Part[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const body = deflateRawSync(p.data);
    const size = p.claim ?? p.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(p.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(p.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

export const zeros = (mib: number) => Buffer.alloc(mib * 1024 * 1024);


/** The text of every part of a zip (an .xlsx), to search an export for what must not be there. */
export function zipText(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes);
  const texts: string[] = [];
  for (let p = 0; p + 30 <= buf.length && buf.readUInt32LE(p) === 0x04034b50; ) {
    const method = buf.readUInt16LE(p + 8);
    const size = buf.readUInt32LE(p + 18);
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    if ((buf.readUInt16LE(p + 6) & 0x08) !== 0) throw new Error("zip with data descriptors: sizes are not in the local header");
    const body = buf.subarray(start, start + size);
    texts.push((method === 8 ? inflateRawSync(body) : body).toString("utf8"));
    p = start + size;
  }
  return texts.join("\n");
}
