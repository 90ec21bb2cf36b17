// The pack's template escapes everything it is given unless it is markup the program wrote.
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from '../src/pack/html';

describe('html template', () => {
  it('escapes every interpolated string, in content and in attributes', () => {
    const hostile = `"><script>alert('x')</script>&`;
    const out = html`<a title="${hostile}">${hostile}</a>`.text;
    expect(out).not.toContain('<script>');
    expect(out).toBe(
      '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</a>',
    );
  });

  it('nests templates without escaping them twice, renders arrays and leaves out absent values', () => {
    const items = ['a<b', 'c&d'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}</ul>`.text).toBe(
      '<ul><li>a&lt;b</li><li>c&amp;d</li></ul>',
    );
    expect(html`${0} ${true}`.text).toBe('0 true');
  });

  it('passes markup through only when the program says it wrote it', () => {
    expect(html`<style>${trusted('a > b {}')}</style>`.text).toBe('<style>a > b {}</style>');
    expect(html`<style>${'a > b {}'}</style>`.text).toBe('<style>a &gt; b {}</style>');
    expect(escapeHtml('plain text')).toBe('plain text');
  });
});
