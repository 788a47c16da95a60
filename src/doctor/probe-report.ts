import type { Answered, Findings, TokenAnswerShape } from './probe-run';
import { span } from './probe-shapes';
import type { TokenShape } from './probe-shapes';

export interface Answer {
  question: number;
  topic: string;
  answer: string;
}

const status = (a?: Answered & { skipped?: string }) =>
  !a
    ? 'not called'
    : a.skipped
      ? `skipped (${a.skipped})`
      : a.transport
        ? `no answer (${a.transport})`
        : `HTTP ${a.status}`;

function token(t?: TokenShape): string {
  if (!t || t.format === 'absent') return 'absent';
  if (!t.jwt) return `${t.format}, ${t.length} chars`;
  const j = t.jwt;
  return `JWT (${j.alg ?? '?'}${j.typ ? `, ${j.typ}` : ''}), ${t.length} chars, claims ${j.claims.join(', ')}; exp − iat ${span(j.lifetimeSeconds)}`;
}

function expirationMeaning(a?: TokenAnswerShape): string {
  const e = a?.expiration;
  if (!e) return 'no token answer';
  const base = `\`expiration\` is ${e.form}${e.inSeconds !== undefined ? `, ${span(e.inSeconds)} from the answer` : ''}`;
  const exp = a?.accessToken?.jwt?.expMs;
  if (exp === undefined || e.inSeconds === undefined)
    return `${base}; which token it describes could not be told (the access token carries no exp)`;
  const atMs = Date.now() + e.inSeconds * 1000;
  const near = Math.abs(atMs - exp) < 120_000;
  return `${base}; it ${near ? 'matches' : 'does not match'} the access token's own exp`;
}

const envelopes = (f: Findings) =>
  Object.entries(f.reads)
    .filter(([, a]) => a?.envelope)
    .map(
      ([name, a]) =>
        `${name}: ${a!.envelope!.form}${a!.envelope!.form === 'wrapped' ? ` (keys ${a!.envelope!.keys!.join(', ')}; status ${String(a!.envelope!.status)})` : ''} ${status(a)}`,
    )
    .join('; ');

const errorBody = (a?: Answered) =>
  a ? `${status(a)}, body \`${JSON.stringify(a.shape ?? 'none')}\`` : 'not called';

/** One answer per open question of docs/securitize.md, from what this Securitize did. */
export function answers(f: Findings): Answer[] {
  const cb = f.callback;
  const r = f.refresh;
  return [
    { question: 1, topic: 'Envelope of investor answers', answer: envelopes(f) || 'no investor answer' },
    {
      question: 2,
      topic: 'Code reuse',
      answer: `a second exchange of the same code: ${errorBody(f.codeReuse)}`,
    },
    {
      question: 3,
      topic: 'Refresh',
      answer: r
        ? `refresh ${status(r)}; new access token: ${r.newAccessToken ?? 'unknown'}, new refresh token: ${r.newRefreshToken ?? 'unknown'}; the old access token afterwards: ${status(f.oldAccessTokenAfterRefresh)}. Not probed: reuse of a spent refresh token (it might end the family), the refresh token's remaining life.`
        : 'no refresh was made',
    },
    {
      question: 4,
      topic: 'What `expiration` describes',
      answer: `exchange: ${expirationMeaning(f.exchange)}. Refresh: ${expirationMeaning(r)}.`,
    },
    {
      question: 5,
      topic: 'How parameters are appended to the redirect URL',
      answer: cb
        ? `the callback came back as \`…/callback/<state>${cb.template}\` (separators ${cb.separators.map((x) => `\`${x}\``).join(' ') || 'none'}${cb.separators.filter((x) => x === '?').length > 1 ? '; a second `?`' : ''}${cb.encodedDelimiters ? '; with percent-encoded delimiters' : ''}). The redirect URL was sent with \`:/?=\` raw and everything else percent-encoded.`
        : 'no browser came back',
    },
    {
      question: 6,
      topic: 'Allow-list matching',
      answer:
        'not probed by the login; `npm run doctor` reads the list and says whether it covers the callback',
    },
    {
      question: 7,
      topic: 'Consent: `authorized`',
      answer: cb
        ? `\`authorized\` ${cb.authorized === undefined ? 'was absent' : `was ${cb.authorized}`}; parameters: ${cb.params.join(', ')}`
        : 'no browser came back',
    },
    {
      question: 8,
      topic: 'Scopes',
      answer: `scope sent: "${f.scope}"; answers: ${Object.entries(f.reads)
        .map(([n, a]) => `${n} ${status(a)}`)
        .join(', ')}`,
    },
    {
      question: 9,
      topic: 'Wallets (GET only; none added)',
      answer: `${status(f.reads.wallets)}, payload \`${JSON.stringify(f.reads.wallets?.shape ?? 'none')}\``,
    },
    {
      question: 10,
      topic: 'Document views and vocabularies',
      answer: `document view ${status(f.reads.documentView)}${f.documentUrl ? ` (${f.documentUrl.form}${f.documentUrl.lifetimeSeconds !== undefined ? `, lives ${span(f.documentUrl.lifetimeSeconds)}` : ''})` : ''}; signer document view ${status(f.reads.signerDocumentView)}; thumbnail: ${f.thumbnail ?? 'none seen'}; docType: ${(f.enumerations.docType ?? []).join(', ') || 'none seen'}; docCategory: ${(f.enumerations.docCategory ?? []).join(', ') || 'none seen'}`,
    },
    {
      question: 11,
      topic: 'Error bodies, rate limits',
      answer: `investor with a bad access token: ${errorBody(f.badAccessToken)}; rate-limit headers seen: ${f.rateLimitHeaders.join(', ') || 'none'}`,
    },
    {
      question: 12,
      topic: 'Gateway',
      answer:
        f.style === 'gateway'
          ? `gateway style: refresh ${status(r)}; see the answers above for its paths`
          : 'the direct style was used (run again with SECURITIZE_API_STYLE=gateway to probe the gateway)',
    },
    {
      question: 13,
      topic: 'PKCE or an echoed state',
      answer: `none sent; the state rides in the redirect path; parameters that came back: ${cb?.params.join(', ') || 'none'}`,
    },
  ];
}

/** The report as Markdown: shapes only, to attach to an issue as it is. */
export function markdownReport(f: Findings): string {
  const lines = [
    '# Securitize probe report',
    '',
    `Made by \`npm run doctor -- --login\` on ${f.at}: ${f.style} style, API ${f.apiUrl}, login ${f.loginUrl}. It holds shapes only (key names, types, lengths, vocabularies), never a token, a code or personal data.`,
    '',
    ...(f.stopped ? [`**The probe stopped early:** ${f.stopped}.`, ''] : []),
    '## Tokens',
    '',
    `- code: ${f.callback?.code ? `${f.callback.code.format}, ${f.callback.code.length} chars` : 'none'}`,
    `- exchange: ${status(f.exchange)}; investorId ${f.exchange?.investorId ? `${f.exchange.investorId.format}, ${f.exchange.investorId.length} chars` : 'absent'}`,
    `- access token: ${token(f.exchange?.accessToken)}`,
    `- refresh token: ${token(f.exchange?.refreshToken)}`,
    `- \`expiration\`: ${f.exchange?.expiration?.form ?? 'absent'}${f.exchange?.expiration?.inSeconds !== undefined ? `, ${span(f.exchange.expiration.inSeconds)} ahead` : ''}`,
    `- refresh answer: ${status(f.refresh)}; carries investorId: ${f.refresh?.investorId ? (f.refresh.investorId.format === 'absent' ? 'no' : `yes${f.refresh.sameInvestor ? ' (the same investor)' : ''}`) : 'unknown'}; \`expiration\` ${f.refresh?.expiration?.form ?? 'absent'}`,
    '',
    '## Answers to the open questions (docs/securitize.md)',
    '',
    ...answers(f).map((a) => `${a.question}. **${a.topic}**: ${a.answer}`),
    '',
    '## Vocabularies seen',
    '',
    ...(Object.entries(f.enumerations).map(([k, v]) => `- ${k}: ${v.join(', ')}`) as string[]),
    '',
    '## Shapes of the investor answers',
    '',
    ...Object.entries(f.reads).flatMap(([name, a]) => [
      `### ${name}: ${status(a)}`,
      '',
      '```json',
      JSON.stringify(a?.shape ?? null, null, 2),
      '```',
      '',
    ]),
  ];
  return `${lines.join('\n')}\n`;
}
