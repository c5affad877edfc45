/**
 * A small document model for the rendered views, written once and printed as Markdown or as
 * one self-contained HTML page (no scripts, styles inline, no network).
 */

/** A run of text: plain, a link to an anchor of the same page, code, or text that is an anchor. */
export type Inline = string | { link: string; text: string } | { code: string } | { anchor: string; text: string };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; id?: string }
  | { kind: 'paragraph'; text: Inline[] }
  | { kind: 'table'; head: string[]; rows: Inline[][][]; align?: ('left' | 'center')[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'code'; language: string; text: string }
  | { kind: 'anchor'; id: string };

/** The anchor of a rule's entry in the rendered page. */
export function ruleAnchor(id: string): string {
  return `rule-${id.replace(/[^a-z0-9-]/g, '-')}`;
}

/** The anchor of a clause's entry in the ledger. */
export function clauseAnchor(id: string): string {
  return `clause-${id.replace(/[^a-z0-9-]/g, '-')}`;
}

export function toMarkdown(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${b.text}`, '');
        break;
      case 'anchor':
        out.push(`<a id="${b.id}"></a>`, '');
        break;
      case 'paragraph':
        out.push(inlineMarkdown(b.text), '');
        break;
      case 'list':
        out.push(...b.items.map((item) => `- ${inlineMarkdown(item)}`), '');
        break;
      case 'code':
        out.push(`\`\`\`${b.language}`, b.text.trimEnd(), '```', '');
        break;
      case 'table': {
        const align = b.head.map((_, i) => (b.align?.[i] === 'center' ? ':---:' : '---'));
        out.push(`| ${b.head.map(cell).join(' | ')} |`, `| ${align.join(' | ')} |`);
        for (const row of b.rows) out.push(`| ${row.map((c) => cell(inlineMarkdown(c))).join(' | ')} |`);
        out.push('');
        break;
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function inlineMarkdown(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeMarkdown(p);
      if ('link' in p) return `[${escapeMarkdown(p.text)}](#${p.link})`;
      if ('anchor' in p) return `<a id="${p.anchor}"></a>${escapeMarkdown(p.text)}`;
      return `\`${p.code}\``;
    })
    .join('');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** One self-contained HTML page: inline CSS, no script, no external resource. */
export function toHtml(title: string, blocks: Block[]): string {
  const body: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        body.push(`<h${b.level}${b.id ? ` id="${attr(b.id)}"` : ''}>${html(b.text)}</h${b.level}>`);
        break;
      case 'anchor':
        body.push(`<a id="${attr(b.id)}"></a>`);
        break;
      case 'paragraph':
        body.push(`<p>${inlineHtml(b.text)}</p>`);
        break;
      case 'list':
        body.push('<ul>', ...b.items.map((item) => `  <li>${inlineHtml(item)}</li>`), '</ul>');
        break;
      case 'code':
        body.push(`<pre class="${attr(b.language)}"><code>${html(b.text.trimEnd())}</code></pre>`);
        break;
      case 'table': {
        const cls = (i: number) => (b.align?.[i] === 'center' ? ' class="mark"' : '');
        body.push('<table>', `  <thead><tr>${b.head.map((h, i) => `<th${cls(i)}>${html(h)}</th>`).join('')}</tr></thead>`, '  <tbody>');
        for (const row of b.rows) body.push(`    <tr>${row.map((c, i) => `<td${cls(i)}>${inlineHtml(c)}</td>`).join('')}</tr>`);
        body.push('  </tbody>', '</table>');
        break;
      }
    }
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.45;color:#1a1a1a;margin:0;background:#fafafa}',
  'main{max-width:72rem;margin:0 auto;padding:1.5rem;background:#fff}',
  'table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.92rem}',
  'th,td{border:1px solid #bbb;padding:0.3rem 0.5rem;vertical-align:top;text-align:left}',
  'th{background:#eef1f5}td.mark,th.mark{text-align:center}',
  'pre{background:#f4f4f4;padding:0.75rem;overflow-x:auto;font-size:0.85rem}',
  'code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:0.9em}',
  'a{color:#0b5394}h1,h2,h3{line-height:1.2}',
  // Printed (a case record on file): no page background, full width, rows and headings kept whole.
  '@media print{body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0}a{color:inherit;text-decoration:none}',
  'tr,li{break-inside:avoid}h1,h2,h3{break-after:avoid}th{background:#eee}}',
].join('');

function inlineHtml(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return html(p);
      if ('link' in p) return `<a href="#${attr(p.link)}">${html(p.text)}</a>`;
      if ('anchor' in p) return `<span id="${attr(p.anchor)}">${html(p.text)}</span>`;
      return `<code>${html(p.code)}</code>`;
    })
    .join('');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(text: string): string {
  return html(text).replace(/"/g, '&quot;');
}
