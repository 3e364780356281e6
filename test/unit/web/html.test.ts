import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../../src/web/html.js';

describe('html template', () => {
  it('escapes every interpolated text, in elements and attributes', () => {
    const name = `<img src=x onerror="alert('x')"> & \`co\``;
    expect(html`<a title="${name}">${name}</a>`.value).toBe(
      '<a title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; &#96;co&#96;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; &#96;co&#96;</a>',
    );
  });

  it('keeps nested templates as markup, joins lists and drops empty values', () => {
    const items = ['<b>', 'ok'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${undefined}${null}${false}${0}`.value).toBe(
      '<ul><li>&lt;b&gt;</li><li>ok</li></ul>0',
    );
  });

  it('escapes the characters that end a quoted attribute or start markup', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
  });
});
