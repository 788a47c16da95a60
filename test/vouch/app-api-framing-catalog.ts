/**
 * Request-smuggling shapes against the app-API proxy, written as the bytes an attacker sends.
 * Each case: the bytes (with the attacker's session cookie), the statuses the browser's connection
 * gets, and exactly the requests the upstream must read of it (method, target, body).
 */
export interface Case {
  name: string;
  bytes: (cookie: string) => string | string[];
  statuses: number[];
  forwards: Array<{ method: string; target: string; body: string }>;
  /** Indexes of the answers that are to HEAD requests. */
  heads?: number[];
}

/** Headers a browser may name in `Connection` that must never lose their meaning. */
export const PROTECTED = [
  'content-length',
  'transfer-encoding',
  'host',
  'authorization',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-investor-id',
  'x-investor-assertion',
  'traceparent',
  'tracestate',
  'baggage',
];

const CRLF = '\r\n';
const own = (cookie: string) =>
  `Host: bff.test${CRLF}Cookie: ${cookie}${CRLF}X-CSRF: 1${CRLF}Origin: http://app.test${CRLF}`;
/** A request of the attacker's, by hand: request line, their session headers, more headers, body. */
const req =
  (line: string, headers: string[], body = '') =>
  (cookie: string) =>
    `${line} HTTP/1.1${CRLF}${own(cookie)}${headers.map((h) => h + CRLF).join('')}${CRLF}${body}`;
const chunked = (...parts: string[]) =>
  parts.map((p) => `${p.length.toString(16)}${CRLF}${p}${CRLF}`).join('') + `0${CRLF}${CRLF}`;

/** A whole request that, left in a pooled connection, the upstream would read as the attacker's own. */
const SMUGGLED = `GET /v1/admin/export HTTP/1.1${CRLF}Host: x${CRLF}X-Investor-Id: victim${CRLF}${CRLF}`;
/** An unfinished one that would swallow the next request sent on that connection. */
const SWALLOWER = `POST /v1/orders HTTP/1.1${CRLF}Host: x${CRLF}Content-Length: 400${CRLF}${CRLF}`;
const BODY = '{"amount":1}';
const post = (target: string, body = BODY) => ({ method: 'POST', target: `/v1${target}`, body });

/** What the browser sends for each protected header besides naming it in Connection. */
const FORGED: Record<string, string> = {
  host: 'Host: bff.test',
  authorization: 'Authorization: Bearer forged.assertion.value',
  'x-forwarded-for': 'X-Forwarded-For: 6.6.6.6',
  'x-forwarded-proto': 'X-Forwarded-Proto: https',
  'x-forwarded-host': 'X-Forwarded-Host: evil.example',
  'x-investor-id': 'X-Investor-Id: victim',
  'x-investor-assertion': 'X-Investor-Assertion: forged',
  traceparent: 'traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
  tracestate: 'tracestate: evil=1',
  baggage: 'baggage: user=victim',
};

function connectionCases(header: string): Case[] {
  const named = `Connection: close, ${header}`;
  const forged = FORGED[header] && header !== 'host' ? [FORGED[header]] : [];
  const withBody =
    header === 'transfer-encoding'
      ? req(
          'POST /app-api/x/conn',
          [named, 'Transfer-Encoding: chunked', ...forged],
          chunked('{"amount"', ':1}'),
        )
      : req('POST /app-api/x/conn', [named, `Content-Length: ${BODY.length}`, ...forged], BODY);
  const smuggle =
    header === 'transfer-encoding'
      ? req('GET /app-api/x/get', [named, 'Transfer-Encoding: chunked'], chunked(SMUGGLED))
      : req('GET /app-api/x/get', [named, `Content-Length: ${SMUGGLED.length}`, ...forged], SMUGGLED);
  return [
    { name: `POST with Connection: ${header}`, bytes: withBody, statuses: [200], forwards: [post('/conn')] },
    { name: `GET with a body and Connection: ${header}`, bytes: smuggle, statuses: [400], forwards: [] },
  ];
}

export const CATALOG: Case[] = [
  ...PROTECTED.flatMap(connectionCases),
  {
    name: 'HEAD and OPTIONS with a body (the review’s shape), and a DELETE body by length',
    bytes: (c) => [
      req(
        'HEAD /app-api/x/h',
        ['Connection: content-length', `Content-Length: ${SMUGGLED.length}`],
        SMUGGLED,
      )(c),
      req(
        'OPTIONS /app-api/x/o',
        ['Connection: close, content-length', `Content-Length: ${SWALLOWER.length}`],
        SWALLOWER,
      )(c),
    ],
    statuses: [400, 400],
    heads: [0],
    forwards: [],
  },
  {
    name: 'a DELETE with a declared body is forwarded with that length; a chunked DELETE is refused',
    bytes: (c) =>
      req(
        'DELETE /app-api/x/d',
        ['Connection: content-length', `Content-Length: ${SMUGGLED.length}`],
        SMUGGLED,
      )(c) +
      req('DELETE /app-api/x/d2', ['Connection: close', 'Transfer-Encoding: chunked'], chunked(SMUGGLED))(c),
    statuses: [200, 400],
    forwards: [{ method: 'DELETE', target: '/v1/d', body: SMUGGLED }],
  },
  {
    name: 'maxBodyBytes counts the bytes received: a chunked body past it with Connection: transfer-encoding',
    bytes: req(
      'POST /app-api/x/big',
      ['Connection: close, transfer-encoding', 'Transfer-Encoding: chunked'],
      chunked('x'.repeat(600), 'y'.repeat(600)),
    ),
    statuses: [413],
    forwards: [],
  },
  {
    name: 'a declared length past maxBodyBytes is refused before anything is forwarded',
    bytes: req('POST /app-api/x/big', ['Connection: close', 'Content-Length: 2000'], 'z'.repeat(2000)),
    statuses: [413],
    forwards: [],
  },
  {
    name: 'Content-Length and Transfer-Encoding together',
    bytes: req(
      'POST /app-api/x/clte',
      ['Connection: close', 'Content-Length: 4', 'Transfer-Encoding: chunked'],
      chunked(SMUGGLED),
    ),
    statuses: [400],
    forwards: [],
  },
  {
    name: 'two different Content-Length fields',
    bytes: req(
      'POST /app-api/x/cl2',
      ['Connection: close', 'Content-Length: 12', `Content-Length: ${12 + SMUGGLED.length}`],
      BODY + SMUGGLED,
    ),
    statuses: [400],
    forwards: [],
  },
  {
    name: 'chunk extensions and a trailer field are not passed on',
    bytes: req(
      'POST /app-api/x/ext',
      ['Connection: close', 'Transfer-Encoding: chunked', 'Trailer: X-Smuggle'],
      `c;ext="a b"${CRLF}${BODY}${CRLF}0${CRLF}X-Smuggle: 1${CRLF}${CRLF}`,
    ),
    statuses: [200],
    forwards: [post('/ext')],
  },
  {
    name: 'bare LF line ends',
    bytes: (c) =>
      req(
        'POST /app-api/x/lf',
        ['Connection: close', `Content-Length: ${BODY.length}`],
        BODY,
      )(c).replaceAll(CRLF, '\n'),
    statuses: [400],
    forwards: [],
  },
  {
    name: 'an obs-folded header line',
    bytes: req(
      'POST /app-api/x/fold',
      ['Connection: close', `Content-Length: ${BODY.length}`, 'X-Note: a', ' Transfer-Encoding: chunked'],
      BODY,
    ),
    statuses: [400],
    forwards: [],
  },
  {
    name: 'a browser pipelining two requests in one write',
    bytes: (c) =>
      req('POST /app-api/x/p1', [`Content-Length: ${BODY.length}`], BODY)(c) +
      req('POST /app-api/x/p2', ['Connection: close', `Content-Length: ${BODY.length}`], BODY)(c),
    statuses: [200, 200],
    forwards: [post('/p1'), post('/p2')],
  },
  {
    name: 'a POST whose body is shorter than the bytes sent: the rest is a request of its own, to the BFF',
    bytes: req(
      'POST /app-api/x/short',
      ['Content-Length: 12'],
      `${BODY}GET /app-api/x/next HTTP/1.1${CRLF}Host: bff.test${CRLF}Connection: close${CRLF}${CRLF}`,
    ),
    // The second request is not the app's own (no X-CSRF, no cookie): refused, only the first forwarded.
    statuses: [200, 403],
    forwards: [post('/short')],
  },
  {
    name: 'Expect: 100-continue',
    bytes: (c) => [
      req('POST /app-api/x/expect', [
        'Connection: close',
        'Expect: 100-continue',
        `Content-Length: ${BODY.length}`,
      ])(c),
      BODY,
    ],
    statuses: [200],
    forwards: [post('/expect')],
  },
  {
    name: 'Upgrade: websocket',
    bytes: req('GET /app-api/x/ws', [
      'Connection: Upgrade, close',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ]),
    statuses: [200],
    forwards: [{ method: 'GET', target: '/v1/ws', body: '' }],
  },
  {
    name: 'Transfer-Encoding other than chunked alone',
    bytes: req(
      'POST /app-api/x/te',
      ['Connection: close', 'Transfer-Encoding: chunked, identity'],
      chunked(BODY),
    ),
    statuses: [400],
    forwards: [],
  },
];
