/** A rendered email: the same words as plain text and as (escaped) HTML. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
  /** Time-critical (a code, a reset link): sent on its own queue, which bulk mail cannot delay. */
  critical?: boolean;
}

/** A paragraph of text, a link (with an optional label), or a table of cells. */
export type Paragraph = string | { link: string; label?: string } | { table: string[][] };

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Paragraphs of plain text become the text body and, escaped, the HTML body. Links stay clickable. */
export function email(subject: string, paragraphs: Paragraph[], signature = 'Bazaar'): EmailContent {
  const text = paragraphs
    .map((p) =>
      typeof p === 'string'
        ? p
        : 'link' in p
          ? p.label
            ? `${p.label}: ${p.link}`
            : p.link
          : p.table.map((row) => row.join('  ')).join('\n'),
    )
    .join('\n\n');
  const html = paragraphs
    .map((p) => {
      if (typeof p === 'string') return `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`;
      if ('link' in p) return `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.label ?? p.link)}</a></p>`;
      const rows = p.table
        .map(
          (row) =>
            `<tr>${row.map((cell) => `<td style="padding:2px 8px">${escapeHtml(cell)}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<table>${rows}</table>`;
    })
    .join('\n');
  return {
    subject,
    text: `${text}\n`,
    html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">\n${html}\n<p style="color:#888">— ${escapeHtml(signature)}</p></body></html>`,
  };
}
