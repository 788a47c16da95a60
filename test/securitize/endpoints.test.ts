import { DEFAULT_PATHS, parsePathOverrides } from '../../src/securitize';
import { fillPath } from '../../src/securitize/endpoints';

describe('Securitize paths per API style, with overrides', () => {
  it('direct and gateway defaults', () => {
    expect(DEFAULT_PATHS.direct.authorize).toBe('/v1/{clientId}/oauth2/authorize');
    expect(DEFAULT_PATHS.gateway.authorize).toBe('/api/auth/v1/authorize');
    expect(DEFAULT_PATHS.gateway.refresh).toBe('/api/auth/v1/refresh');
    expect(DEFAULT_PATHS.gateway.investor).toBe('/api/sid/v1/investor');
  });

  it('an override replaces one path and leaves the rest', () => {
    const problems: string[] = [];
    const paths = parsePathOverrides(
      'gateway',
      'verification=/api/bc/v1/investor/verification, refresh=/api/auth/v2/refresh',
      problems,
    );
    expect(problems).toEqual([]);
    expect(paths.verification).toBe('/api/bc/v1/investor/verification');
    expect(paths.refresh).toBe('/api/auth/v2/refresh');
    expect(paths.investor).toBe(DEFAULT_PATHS.gateway.investor);
  });

  it.each([
    ['an unknown name', 'orders=/x'],
    ['no slash', 'refresh=api/refresh'],
    ['a dot segment', 'refresh=/api/../refresh'],
    ['a query', 'refresh=/api/refresh?x=1'],
    ['a missing id', 'documentView=/api/documents/view'],
    ['a foreign placeholder', 'investor=/api/{documentId}'],
    ['no equals sign', 'refresh'],
  ])('refuses %s', (_name, value) => {
    const problems: string[] = [];
    parsePathOverrides('direct', value, problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SECURITIZE_PATHS: /);
  });

  it('fills placeholders as single encoded segments', () => {
    expect(fillPath('/v1/{clientId}/d/{documentId}/view', { clientId: 'c', documentId: '../x' })).toBe(
      '/v1/c/d/..%2Fx/view',
    );
  });
});
