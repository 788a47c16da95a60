import type { DocumentRecord } from '../fixtures';
import type { Holder } from './holder';
import { alpha3, type MrzInput, td1, td3 } from './mrz';
import { countryName, documentDates, documentNumber, escapeXml, formatDay } from './specimen';

// A specimen identity document drawn as SVG: the holder's name and details, a photo placeholder and
// machine-readable lines, on a card that says SPECIMEN. Fonts are the viewer's own; nothing is fetched.

const W = 1000;
const H = 700;
const SANS = 'Helvetica, Arial, sans-serif';
const MONO = "'OCR B', 'OCR-B', 'Courier New', Courier, monospace";

const TITLES: Record<string, string> = {
  passport: 'PASSPORT',
  'id-card': 'IDENTITY CARD',
  'driving-license': 'DRIVING LICENCE',
};

/** Text that is squeezed (never cut) when it would run past `width`. */
function text(x: number, y: number, value: string, size: number, width: number, attrs = ''): string {
  const long = value.length * size * 0.62 > width;
  const fit = long ? ` textLength="${width}" lengthAdjust="spacingAndGlyphs"` : '';
  return `<text x="${x}" y="${y}" font-size="${size}"${fit} ${attrs}>${escapeXml(value)}</text>`;
}

/** A machine-readable line: fixed pitch, spread over the whole width like the printed zone. */
function mrzLine(y: number, value: string, width: number): string {
  const attrs = `font-size="30" textLength="${width}" lengthAdjust="spacing" font-family="${MONO}" fill="#1b2430"`;
  return `<text x="50" y="${y}" ${attrs}>${escapeXml(value)}</text>`;
}

/** A small grey label above a bold value. */
function field(x: number, y: number, label: string, value: string, width: number): string {
  return [
    text(x, y, label, 14, width, 'fill="#5d6b7e" letter-spacing="1"'),
    text(x, y + 30, value, 24, width, 'font-weight="700" fill="#14213d"'),
  ].join('\n');
}

const PHOTO = `<rect x="48" y="130" width="230" height="290" rx="8" fill="#dce4ee" stroke="#9fb3c8" stroke-width="2"/>
<circle cx="163" cy="238" r="58" fill="#a9bbd0"/>
<path d="M70 418 C78 318 248 318 256 418 Z" fill="#a9bbd0"/>`;

const BACKGROUND = `<defs>
<linearGradient id="paper" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f6f1e4"/><stop offset="1" stop-color="#e3ecf4"/></linearGradient>
<pattern id="guilloche" width="48" height="24" patternUnits="userSpaceOnUse"><path d="M0 12 C12 0 24 24 36 12 S48 0 60 12" fill="none" stroke="#b9cbe0" stroke-width="1"/></pattern>
<clipPath id="card"><rect width="${W}" height="${H}" rx="28"/></clipPath>
</defs>`;

export function idDocumentSvg(document: DocumentRecord, holder: Holder): string {
  const title = TITLES[document.docType] ?? 'IDENTITY DOCUMENT';
  const { issued, expires } = documentDates(document);
  const number = documentNumber(document);
  const nation = countryName(holder.country);
  const mrzInput: MrzInput = {
    code: document.docType === 'passport' ? 'P<' : document.docType === 'driving-license' ? 'D<' : 'I<',
    country: holder.country,
    number,
    surname: holder.surname,
    givenNames: holder.givenNames,
    birthDate: holder.birthDate,
    sex: holder.sex,
    expiryDate: expires,
  };
  const mrz = document.docType === 'passport' ? td3(mrzInput) : td1(mrzInput);
  // Two lines of 44 on a passport, three of 30 on a card.
  const [top, step, width] = mrz.length === 2 ? [616, 48, 900] : [600, 40, 720];
  const mrzLines = mrz.map((line, i) => mrzLine(top + i * step, line, width));
  const label = `${title.charAt(0)}${title.slice(1).toLowerCase()} of ${holder.fullName}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(label)} (specimen)">
<title>${escapeXml(label)}: specimen from the Securitize iD simulator</title>
${BACKGROUND}
<g clip-path="url(#card)" font-family="${SANS}">
<rect width="${W}" height="${H}" fill="url(#paper)"/>
<rect width="${W}" height="${H}" fill="url(#guilloche)" opacity="0.55"/>
<rect width="${W}" height="96" fill="#1d3557"/>
${text(48, 46, nation.toUpperCase(), 28, 700, 'font-weight="700" fill="#ffffff"')}
${text(48, 76, `${title} · SPECIMEN`, 16, 700, 'fill="#cfe0f5" letter-spacing="3"')}
<circle cx="930" cy="48" r="30" fill="none" stroke="#cfe0f5" stroke-width="3"/>
<text x="930" y="58" font-size="26" font-weight="700" fill="#cfe0f5" text-anchor="middle">iD</text>
${PHOTO}
${text(56, 470, holder.fullName, 26, 220, 'font-family="\'Brush Script MT\', \'Segoe Script\', cursive" font-style="italic" fill="#243b6b"')}
<line x1="48" y1="480" x2="278" y2="480" stroke="#9fb3c8"/>
${field(320, 140, 'TYPE', mrzInput.code.replace('<', ''), 90)}
${field(430, 140, 'COUNTRY CODE', alpha3(holder.country).replace(/<+$/, ''), 150)}
${field(610, 140, 'DOCUMENT NO.', number, 300)}
${field(320, 210, 'SURNAME', holder.surname.toUpperCase(), 640)}
${field(320, 280, 'GIVEN NAMES', holder.givenNames.toUpperCase() || '—', 640)}
${field(320, 350, 'NATIONALITY', nation.toUpperCase(), 300)}
${field(640, 350, 'SEX', holder.sex ?? 'X', 100)}
${field(320, 420, 'DATE OF BIRTH', formatDay(holder.birthDate), 300)}
${field(640, 420, 'AUTHORITY', 'SECURITIZE iD SIMULATOR', 330)}
${field(320, 490, 'DATE OF ISSUE', formatDay(issued), 300)}
${field(640, 490, 'DATE OF EXPIRY', formatDay(expires), 300)}
<text x="500" y="330" font-size="120" font-weight="700" fill="#c0392b" opacity="0.1" text-anchor="middle" transform="rotate(-18 500 330)">SPECIMEN</text>
<rect y="560" width="${W}" height="${H - 560}" fill="#fbfaf5"/>
${mrzLines.join('\n')}
</g>
<rect x="1" y="1" width="${W - 2}" height="${H - 2}" rx="28" fill="none" stroke="#9fb3c8" stroke-width="2"/>
</svg>
`;
}
