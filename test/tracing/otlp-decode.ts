/**
 * Just enough of a protobuf reader for OTLP's ExportTraceServiceRequest (opentelemetry-proto,
 * trace/v1, common/v1, resource/v1): the fields the tests look at, decoded into the same shape as
 * the JSON encoding's, so both protocols are checked by one set of assertions.
 */
export type Value = string | number | boolean | Value[] | null;
export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, Value>;
  status: { code: number; message: string };
  events: Array<{ name: string; attributes: Record<string, Value> }>;
  links: number;
  scope: string;
  resource: Record<string, Value>;
}

type Field = { no: number; wire: number; value: bigint | Buffer };

function* fields(buf: Buffer): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[pos++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < buf.length) {
    const tag = Number(varint());
    const no = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) yield { no, wire, value: varint() };
    else if (wire === 1) {
      yield { no, wire, value: buf.readBigUInt64LE(pos) };
      pos += 8;
    } else if (wire === 2) {
      const len = Number(varint());
      yield { no, wire, value: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 5) {
      yield { no, wire, value: BigInt(buf.readUInt32LE(pos)) };
      pos += 4;
    } else throw new Error(`wire type ${wire}`);
  }
}

const bytes = (f: Field) => f.value as Buffer;
const text = (f: Field) => bytes(f).toString('utf8');

function anyValue(buf: Buffer): Value {
  for (const f of fields(buf)) {
    if (f.no === 1) return text(f);
    if (f.no === 2) return f.value === 1n;
    if (f.no === 3) return Number(BigInt.asIntN(64, f.value as bigint));
    if (f.no === 4)
      return (f.value as bigint) === 0n
        ? 0
        : Buffer.from(new BigUint64Array([f.value as bigint]).buffer).readDoubleLE(0);
    if (f.no === 5) return [...fields(bytes(f))].filter((v) => v.no === 1).map((v) => anyValue(bytes(v)));
    if (f.no === 7) return bytes(f).toString('hex');
  }
  return null;
}

function keyValue(buf: Buffer): [string, Value] {
  let key = '';
  let value: Value = null;
  for (const f of fields(buf)) {
    if (f.no === 1) key = text(f);
    if (f.no === 2) value = anyValue(bytes(f));
  }
  return [key, value];
}

function span(buf: Buffer, scope: string, resource: Record<string, Value>): Span {
  const s: Span = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    attributes: {},
    status: { code: 0, message: '' },
    events: [],
    links: 0,
    scope,
    resource,
  };
  for (const f of fields(buf)) {
    if (f.no === 1) s.traceId = bytes(f).toString('hex');
    else if (f.no === 2) s.spanId = bytes(f).toString('hex');
    else if (f.no === 4) s.parentSpanId = bytes(f).toString('hex');
    else if (f.no === 5) s.name = text(f);
    else if (f.no === 6) s.kind = Number(f.value);
    else if (f.no === 9) {
      const [k, v] = keyValue(bytes(f));
      s.attributes[k] = v;
    } else if (f.no === 11) {
      const e = { name: '', attributes: {} as Record<string, Value> };
      for (const g of fields(bytes(f))) {
        if (g.no === 2) e.name = text(g);
        if (g.no === 3) {
          const [k, v] = keyValue(bytes(g));
          e.attributes[k] = v;
        }
      }
      s.events.push(e);
    } else if (f.no === 13) s.links++;
    else if (f.no === 15)
      for (const g of fields(bytes(f))) {
        if (g.no === 2) s.status.message = text(g);
        if (g.no === 3) s.status.code = Number(g.value);
      }
  }
  return s;
}

/** Every span of an ExportTraceServiceRequest body. */
export function decodeProtobuf(body: Buffer): Span[] {
  const spans: Span[] = [];
  for (const rs of fields(body)) {
    if (rs.no !== 1) continue;
    const resource: Record<string, Value> = {};
    const scopeSpans: Buffer[] = [];
    for (const f of fields(bytes(rs))) {
      if (f.no === 1)
        for (const a of fields(bytes(f)))
          if (a.no === 1) {
            const [k, v] = keyValue(bytes(a));
            resource[k] = v;
          }
      if (f.no === 2) scopeSpans.push(bytes(f));
    }
    for (const ss of scopeSpans) {
      let scope = '';
      const raw: Buffer[] = [];
      for (const f of fields(ss)) {
        if (f.no === 1) for (const g of fields(bytes(f))) if (g.no === 1) scope = text(g);
        if (f.no === 2) raw.push(bytes(f));
      }
      for (const r of raw) spans.push(span(r, scope, resource));
    }
  }
  return spans;
}

type JsonAny = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: JsonAny[] };
  bytesValue?: string;
};
type JsonKv = { key: string; value: JsonAny };

const jsonValue = (v: JsonAny): Value =>
  v.stringValue ??
  v.boolValue ??
  (v.intValue !== undefined ? Number(v.intValue) : undefined) ??
  v.doubleValue ??
  (v.arrayValue ? (v.arrayValue.values ?? []).map(jsonValue) : undefined) ??
  v.bytesValue ??
  null;
const jsonAttributes = (kvs: JsonKv[] | undefined) =>
  Object.fromEntries((kvs ?? []).map((kv) => [kv.key, jsonValue(kv.value)]));

/** Every span of an OTLP/JSON ExportTraceServiceRequest (ids in hex, as the JSON encoding has them). */
export function decodeJson(body: Buffer): Span[] {
  const doc = JSON.parse(body.toString('utf8')) as {
    resourceSpans?: Array<{
      resource?: { attributes?: JsonKv[] };
      scopeSpans?: Array<{
        scope?: { name?: string };
        spans?: Array<{
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          name: string;
          kind: number;
          attributes?: JsonKv[];
          status?: { code?: number; message?: string };
          events?: Array<{ name: string; attributes?: JsonKv[] }>;
          links?: unknown[];
        }>;
      }>;
    }>;
  };
  return (doc.resourceSpans ?? []).flatMap((rs) => {
    const resource = jsonAttributes(rs.resource?.attributes);
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? '',
        name: s.name,
        kind: s.kind,
        attributes: jsonAttributes(s.attributes),
        status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
        events: (s.events ?? []).map((e) => ({ name: e.name, attributes: jsonAttributes(e.attributes) })),
        links: s.links?.length ?? 0,
        scope: ss.scope?.name ?? '',
        resource,
      })),
    );
  });
}
