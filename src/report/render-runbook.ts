// A runbook (docs/runbooks/<code>.md) as a page of the report: Markdown rendered by marked, with links
// between runbooks pointing at their pages instead of at .md files.
import { Marked, type Tokens } from 'marked';
import { html, raw } from './html.ts';
import { page } from './layout.ts';

const markdown = new Marked({
  gfm: true,
  walkTokens(token) {
    if (token.type !== 'link') return;
    const link = token as Tokens.Link;
    const sibling = /^(?:\.\/)?([a-z0-9_]+)\.md(#.*)?$/i.exec(link.href);
    if (sibling) link.href = sibling[1]!.toLowerCase() === 'readme' ? `/runbooks/${sibling[2] ?? ''}` : `/runbooks/${sibling[1]}${sibling[2] ?? ''}`;
  },
});

/** A runbook's code as it may appear in a URL: the check codes are lower-case words. */
export const RUNBOOK_CODE = /^[a-z0-9_]{1,64}$/;

export function renderRunbook(code: string | null, source: string): string {
  const body = markdown.parse(source, { async: false });
  const title = /^#\s+(.+)$/m.exec(source)?.[1] ?? code ?? 'Runbooks';
  return page({
    title: `${title} · runbook`,
    main: html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/#validacion">« Back to the report</a>${code ? html` · <a href="/runbooks/">all runbooks</a>` : ''}</nav>
<article class="runbook-page" data-runbook="${code ?? 'index'}">${raw(body)}</article>`,
  });
}
