// HTML escaping shared by the report page and the e-mail alerts.
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, jsonForScript, raw } from '../../src/html/safe-html.ts';

describe('html', () => {
  it('escapes every interpolated value, and leaves trusted markup alone', () => {
    expect(html`<p title="${'a"b'}">${'<b>&'}</p>${raw('<i>ok</i>')}`.text).toBe('<p title="a&quot;b">&lt;b&gt;&amp;</p><i>ok</i>');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('writes JSON that cannot close its script element', () => {
    expect(jsonForScript({ a: '</script><script>alert(1)</script>' }).text).not.toContain('</script>');
    expect(JSON.parse(jsonForScript({ a: '</script>' }).text)).toEqual({ a: '</script>' });
  });
});
