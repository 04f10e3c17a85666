// The page frame shared by the report and the runbook pages: head, skip link, header, security headers.
import { html, type SafeHtml } from '../html/safe-html.ts';

/** No inline script or style anywhere: the page runs only its own assets. */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function page(options: { title: string; main: SafeHtml; nav?: SafeHtml; scripts?: string[] }): string {
  const scripts = (options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/report.css">
${scripts}
</head>
<body>
<a class="skip" href="#contenido">Skip to content</a>
<header class="top">
  <p class="brand"><a href="/">Ventas · data report</a></p>
  ${options.nav ?? ''}
</header>
<main id="contenido" tabindex="-1">
${options.main}
</main>
<footer class="foot">
  <p>Everything on this page comes from the <a href="/graphql">GraphQL API</a> (open it to explore). Category summary as JSON: <a href="/ventas/resumen_por_categoria">/ventas/resumen_por_categoria</a>.</p>
</footer>
</body>
</html>
`.text;
}
