import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The length-delimited fields numbered `no` of a protobuf message (wire type 2), skipping the others. */
function* messages(buf: Buffer, no: number): Generator<Buffer> {
  let pos = 0;
  const varint = () => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = buf[pos++]!;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
  };
  while (pos < buf.length) {
    const tag = varint();
    const wire = tag & 7;
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else {
      const len = varint();
      if (tag >>> 3 === no) yield buf.subarray(pos, pos + len);
      pos += len;
    }
  }
}

/** Spans in an OTLP ExportTraceServiceRequest: resource_spans (1) → scope_spans (2) → spans (2). */
function countSpans(body: Buffer): number {
  let n = 0;
  for (const rs of messages(body, 1)) for (const ss of messages(rs, 2)) for (const _ of messages(ss, 2)) n++;
  return n;
}

/**
 * A trace collector for S11, on 127.0.0.1: takes OTLP http/protobuf exports, answers 200 at once and
 * counts exports, bytes and spans (read from the protobuf's framing, nothing else decoded).
 */
export async function startOtlpSink() {
  const counts = { exports: 0, bytes: 0, spans: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      counts.exports++;
      counts.bytes += body.length;
      counts.spans += countSpans(body);
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}
