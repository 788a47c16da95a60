import type { ClientConfig } from '../state';
import { escapeHtml, layout } from './layout';

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

/**
 * The page for a redirect URL off the application's allow-list: what came in, what the list holds,
 * and where that list comes from in each way of running the simulator, so the fix is one setting.
 */
export function renderRedirectNotAllowed(client: ClientConfig, redirectUrl: string): string {
  const allowed =
    client.redirectUrls.length === 0
      ? '<p id="allowed-redirect-urls"><em>The list is empty.</em></p>'
      : `<ul id="allowed-redirect-urls">\n${client.redirectUrls
          .map((url) => `<li><code data-testid="allowed-redirect-url">${escapeHtml(url)}</code></li>`)
          .join('\n')}\n</ul>`;
  const received = redirectUrl === '' ? '<em>(empty)</em>' : code(redirectUrl);
  return layout(
    'Securitize iD simulator: Redirect URL not allowed',
    `<div id="login-error" class="error">
<h1>Redirect URL not allowed</h1>
<p>Application ${code(client.clientId)} asked to send you back to:</p>
<p class="url" id="rejected-redirect-url">${received}</p>
<p>That URL is not on the application's allowed redirect URLs, which are:</p>
${allowed}
<h2>How to allow it</h2>
<p>An entry ending in ${code('*')} allows every URL that starts with the text before the ${code('*')}; any
other entry must match the whole URL. Check the scheme, the host (${code('localhost')} and ${code('127.0.0.1')}
differ) and the port.</p>
<ul>
<li>Simulator on its own (${code('npm run simulator')}): the list is the ${code('SIMULATOR_REDIRECT_URLS')}
variable, comma-separated; set it and restart, for example
${code('SIMULATOR_REDIRECT_URLS=http://localhost:3000/* npm run simulator')}.</li>
<li>Started by the BFF (${code('npm run dev')}): the BFF sets the list to ${code('<PUBLIC_URL>/*')} from its
${code('PUBLIC_URL')}; set ${code('PUBLIC_URL')} to the address you open the app at and restart.</li>
<li>Docker Compose: the simulator's ${code('SIMULATOR_REDIRECT_URLS')} is also built from ${code('PUBLIC_URL')}.</li>
<li>Until the next restart: ${code(`PATCH /v1/${client.clientId}`)} with the application secret in the
${code('Authorization')} header and a JSON body ${code('{"redirectUrls": [...]}')} replaces the list.</li>
</ul>
</div>`,
    { script: false },
  );
}
