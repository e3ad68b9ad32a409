import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { createPdf } from '../../src/platform/pdf';

describe('PDF documents with the Unicode font chain', () => {
  it('renders Latin, Cyrillic, CJK and Devanagari names and ₹ € ¥, wrapping long cells (extracted back as text)', async () => {
    const pdf = await createPdf({ title: 'Test', author: 'Bazaar' });
    await pdf.text('Zoë Łukasz 李雷 Ђорђе', { size: 16, bold: true });
    await pdf.row(
      [
        { text: 'Item', bold: true },
        { text: 'Price', bold: true, align: 'right' },
      ],
      [300, 195],
      { fill: '#eeeeee' },
    );
    await pdf.row(
      [
        { text: 'देवनागरी नमस्ते — a long product name that has to wrap onto a second line of the cell' },
        { text: '₹1,299.00 €5.00 ¥300', align: 'right' },
      ],
      [300, 195],
    );
    const buffer = await pdf.end();
    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await new PDFParse({ data: buffer }).getText();
    for (const expected of ['Zoë Łukasz 李雷 Ђорђе', 'देवनागरी नमस्ते', '₹1,299.00 €5.00 ¥300', 'second line'])
      expect(text).toContain(expected);
    // wrapped: the long name did not fit on one line
    expect(text).not.toContain('wrap onto a second line of the cell ₹');
    // fonts are embedded (subsets), not the 14 standard PDF fonts
    const raw = buffer.toString('latin1');
    expect(raw).toMatch(/\/FontFile[23]?/);
    expect(raw).not.toContain('/Helvetica');
  });
});
