import { loggedPath } from '../../src/http';

const TOKEN = 'q3JvZ9x2VbL8mN4tY7wR1sK5uE0aH6cD-_fG2iPzXo';

describe('loggedPath: what a log line shows of a path', () => {
  it.each([
    `/webhooks/x/../securitize/${TOKEN}`,
    `/app-api/x/${TOKEN}`,
    `/hooks/securitise/${TOKEN}/more`,
    `/${TOKEN}`,
  ])('a token-shaped run of 32 or more characters never appears whole: %s', (path) => {
    const logged = loggedPath(path);
    expect(logged).not.toContain(TOKEN.slice(0, 32));
    expect(logged).toContain('…');
  });

  it('keeps the product’s own paths and ids as they are', () => {
    for (const path of [
      '/api/me',
      '/api/investor/documents/5f1a2b3c4d5e6f7a8b9c0d02',
      '/admin/investors/5f1a2b3c4d5e6f7a8b9c0d02/sessions/_nT6QXf50ACdz1iT',
      `/app-api/offerings/${'a'.repeat(31)}`,
    ])
      expect(loggedPath(path)).toBe(path);
  });
});
