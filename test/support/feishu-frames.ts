/**
 * The long connection's frames, as the fake Feishu writes and reads them: protobuf
 * `pbbp2.Frame` (SeqID 1, LogID 2, service 3, method 4, headers 5 as {key 1, value 2},
 * payloadEncoding 6, payloadType 7, payload 8, LogIDNew 9), taken from the decoder
 * the SDK carries in node_modules/@larksuiteoapi/node-sdk/lib/index.js. Only varint
 * and length-delimited fields occur, so a few lines do instead of a protobuf library.
 */
export interface Frame {
  seqId: number;
  logId: number;
  service: number;
  /** 0 control (ping, pong), 1 data (events, cards). */
  method: number;
  headers: Record<string, string>;
  payload: Uint8Array;
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 127) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function field(no: number, value: number | Uint8Array): number[] {
  if (typeof value === "number") return [...varint(no * 8), ...varint(value)];
  return [...varint(no * 8 + 2), ...varint(value.length), ...value];
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export function encodeFrame(f: Frame): Uint8Array {
  const bytes = [...field(1, f.seqId), ...field(2, f.logId), ...field(3, f.service), ...field(4, f.method)];
  for (const [key, value] of Object.entries(f.headers)) {
    bytes.push(...field(5, new Uint8Array([...field(1, utf8(key)), ...field(2, utf8(value))])));
  }
  bytes.push(...field(8, f.payload));
  return new Uint8Array(bytes);
}

function* fields(buf: Uint8Array): Generator<[number, number | Uint8Array]> {
  let i = 0;
  const readVarint = () => {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = buf[i++]!;
      n += (b & 127) * scale;
      if (b < 128) return n;
      scale *= 128;
    }
  };
  while (i < buf.length) {
    const tag = readVarint();
    const no = Math.floor(tag / 8);
    if (tag % 8 === 0) yield [no, readVarint()];
    else {
      const len = readVarint();
      yield [no, buf.subarray(i, i + len)];
      i += len;
    }
  }
}

export function decodeFrame(buf: Uint8Array): Frame {
  const f: Frame = { seqId: 0, logId: 0, service: 0, method: 0, headers: {}, payload: new Uint8Array() };
  const text = (v: number | Uint8Array) => new TextDecoder().decode(v as Uint8Array);
  for (const [no, v] of fields(buf)) {
    if (no === 1) f.seqId = v as number;
    else if (no === 2) f.logId = v as number;
    else if (no === 3) f.service = v as number;
    else if (no === 4) f.method = v as number;
    else if (no === 8) f.payload = v as Uint8Array;
    else if (no === 5) {
      let key = "";
      let value = "";
      for (const [hn, hv] of fields(v as Uint8Array)) {
        if (hn === 1) key = text(hv);
        if (hn === 2) value = text(hv);
      }
      f.headers[key] = value;
    }
  }
  return f;
}
