// Machine-readable zone lines in the ICAO 9303 layouts, with real check digits, so a specimen looks
// (and parses) like the real thing. Nothing here is a real document.

/** Alpha-3 codes of the countries the simulator's investors come from; others are padded alpha-2. */
const ALPHA3: Record<string, string> = {
  BR: 'BRA',
  CH: 'CHE',
  DE: 'DEU',
  ES: 'ESP',
  FR: 'FRA',
  GB: 'GBR',
  IT: 'ITA',
  JP: 'JPN',
  NL: 'NLD',
  SG: 'SGP',
  US: 'USA',
};

export const alpha3 = (country: string | null): string =>
  country ? (ALPHA3[country] ?? `${country.slice(0, 2)}<`) : 'XXX';

/** Upper case, accents dropped, apostrophes removed, any other run of non-alphanumerics one "<". */
export function mrzText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/['’]/g, '')
    .replace(/[^A-Z0-9]+/g, '<')
    .replace(/^<|<$/g, '');
}

const pad = (value: string, length: number) => value.slice(0, length).padEnd(length, '<');

const charValue = (c: string): number =>
  c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 'A'.charCodeAt(0) + 10;

/** Weights 7, 3, 1 repeating, sum modulo 10. */
export function checkDigit(field: string): string {
  let sum = 0;
  [...field].forEach((c, i) => (sum += charValue(c) * ([7, 3, 1][i % 3] ?? 1)));
  return String(sum % 10);
}

/** "1985-06-14" → "850614"; unknown → fillers. */
const yymmdd = (date: string | null) => (date ? date.slice(2).replace(/-/g, '') : '<<<<<<');
const withCheck = (field: string) => field + checkDigit(field);

export interface MrzInput {
  /** Two characters: "P<" for a passport, "I<" for an identity card. */
  code: string;
  country: string | null;
  number: string;
  surname: string;
  givenNames: string;
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  expiryDate: string;
}

const nameField = (m: MrzInput, length: number) =>
  pad(m.givenNames ? `${mrzText(m.surname)}<<${mrzText(m.givenNames)}` : mrzText(m.surname), length);

/** Passport (TD3): two lines of 44. */
export function td3(m: MrzInput): string[] {
  const number = withCheck(pad(mrzText(m.number), 9));
  const birth = withCheck(yymmdd(m.birthDate));
  const expiry = withCheck(yymmdd(m.expiryDate));
  const personal = pad('', 14) + '<';
  const composite = checkDigit(number + birth + expiry + personal);
  return [
    pad(`${m.code}${alpha3(m.country)}${nameField(m, 39)}`, 44),
    `${number}${alpha3(m.country)}${birth}${m.sex ?? '<'}${expiry}${personal}${composite}`,
  ];
}

/** Identity card (TD1): three lines of 30. */
export function td1(m: MrzInput): string[] {
  const number = withCheck(pad(mrzText(m.number), 9));
  const birth = withCheck(yymmdd(m.birthDate));
  const expiry = withCheck(yymmdd(m.expiryDate));
  const optional1 = pad('', 15);
  const optional2 = pad('', 11);
  const composite = checkDigit(number + optional1 + birth + expiry + optional2);
  return [
    `${m.code}${alpha3(m.country)}${number}${optional1}`,
    `${birth}${m.sex ?? '<'}${expiry}${alpha3(m.country)}${optional2}${composite}`,
    nameField(m, 30),
  ];
}
