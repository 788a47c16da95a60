export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page frame shared by the login, error and sign-up pages. Only the login page needs its script; the sign-up
 * steps are plain forms that work without any.
 */
export function layout(title: string, body: string, opts: { script?: boolean } = {}): string {
  const script = opts.script === false ? '' : '\n<script src="/login.js" defer></script>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/login.css">${script}
</head>
<body>
<p class="banner">Securitize iD <strong>simulator</strong>: a local stand-in for id.securitize.io, for development and tests.</p>
${body}
</body>
</html>
`;
}
