import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as fontkit from 'fontkit';

/**
 * PDF documents whose text can be in any script a shop's customers write: Noto Sans (Latin, Greek,
 * Cyrillic, ₹ € ¥ and most currency signs), Noto Sans Devanagari, and Noto Sans CJK SC (Chinese,
 * Japanese kana, Korean Hangul), all from npm packages and embedded as subsets. No single free font
 * covers CJK and Indic scripts, so text is split into runs and each run set in the first font of
 * the chain that has its glyphs. Fonts are parsed once per process, on first use.
 */
const require = createRequire(import.meta.url);
const fontFile = (pkg: string, file: string) => path.join(path.dirname(require.resolve(pkg)), file);

type Weight = 'regular' | 'bold';
const FONT_CHAIN: ReadonlyArray<Record<Weight, () => string>> = [
  {
    regular: () => fontFile('@expo-google-fonts/noto-sans', '400Regular/NotoSans_400Regular.ttf'),
    bold: () => fontFile('@expo-google-fonts/noto-sans', '700Bold/NotoSans_700Bold.ttf'),
  },
  {
    regular: () =>
      fontFile('@expo-google-fonts/noto-sans-devanagari', '400Regular/NotoSansDevanagari_400Regular.ttf'),
    bold: () => fontFile('@expo-google-fonts/noto-sans-devanagari', '700Bold/NotoSansDevanagari_700Bold.ttf'),
  },
  {
    regular: () => fontFile('@embedpdf/fonts-sc', '../fonts/NotoSansHans-Regular.otf'),
    bold: () => fontFile('@embedpdf/fonts-sc', '../fonts/NotoSansHans-Bold.otf'),
  },
];

const loaded = new Map<string, fontkit.Font>();

async function fontAt(index: number, weight: Weight): Promise<fontkit.Font> {
  const key = `${index}:${weight}`;
  let font = loaded.get(key);
  if (!font) {
    const { create } = await import('fontkit');
    font = create(readFileSync(FONT_CHAIN[index]![weight]())) as fontkit.Font;
    loaded.set(key, font);
  }
  return font;
}

interface Run {
  font: number;
  text: string;
}

/** Splits text into runs of one font each: the first font of the chain with a glyph for the character. */
async function runsOf(text: string, weight: Weight): Promise<Run[]> {
  const runs: Run[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    let chosen = 0;
    // Spaces, marks and joiners stay with the run they are in (Devanagari vowel signs, ZWJ).
    const neutral = /[\s\p{M}\u200c\u200d]/u.test(char);
    if (neutral && runs.length > 0) chosen = runs.at(-1)!.font;
    else {
      for (let i = 0; i < FONT_CHAIN.length; i++) {
        if ((await fontAt(i, weight)).hasGlyphForCodePoint(codePoint)) {
          chosen = i;
          break;
        }
      }
    }
    const last = runs.at(-1);
    if (last && last.font === chosen) last.text += char;
    else runs.push({ font: chosen, text: char });
  }
  return runs;
}

export interface TextStyle {
  size?: number;
  bold?: boolean;
  color?: string;
}

export interface Cell extends TextStyle {
  text: string;
  align?: 'left' | 'right';
}

export interface PdfWriter {
  /** Writes wrapped text at the cursor across `width` (default: the page's text width). */
  text(text: string, style?: TextStyle & { width?: number; x?: number }): Promise<void>;
  /** One table row: cells laid out in `columns` (widths in points), wrapped, with a rule under it. */
  row(cells: Cell[], columns: number[], options?: { rule?: boolean; fill?: string }): Promise<void>;
  moveDown(points?: number): void;
  readonly y: number;
  end(): Promise<Buffer>;
}

const DEFAULT_SIZE = 10;

const lineHeight = (style: TextStyle) => (style.size ?? DEFAULT_SIZE) * 1.45;
/** A CJK character, or a word with its trailing spaces, or spaces: the units a line breaks between. */
const BREAK_TOKENS =
  /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]+\s*|\s+/gu;

/** Text measured and drawn on a pdfkit document through the font chain. */
class Typesetter {
  readonly left: number;
  readonly pageWidth: number;

  constructor(readonly doc: PDFKit.PDFDocument) {
    this.left = doc.page.margins.left;
    this.pageWidth = doc.page.width - this.left - doc.page.margins.right;
  }

  async useFont(index: number, style: TextStyle): Promise<void> {
    const weight: Weight = style.bold ? 'bold' : 'regular';
    // pdfkit takes a parsed fontkit font as a source (its types only list paths and buffers).
    this.doc.font((await fontAt(index, weight)) as unknown as Buffer, `${index}:${weight}`);
    this.doc.fontSize(style.size ?? DEFAULT_SIZE);
  }

  async widthOf(runs: Run[], style: TextStyle): Promise<number> {
    let width = 0;
    for (const run of runs) {
      await this.useFont(run.font, style);
      width += this.doc.widthOfString(run.text);
    }
    return width;
  }

  /** Greedy line breaking at spaces, and between any two CJK characters. */
  async linesOf(text: string, width: number, style: TextStyle): Promise<Run[][]> {
    const weight: Weight = style.bold ? 'bold' : 'regular';
    const tokens = text.match(BREAK_TOKENS) ?? [];
    const lines: string[] = [];
    let current = '';
    let currentWidth = 0;
    for (const token of tokens) {
      const tokenWidth = await this.widthOf(await runsOf(token, weight), style);
      const trailing = token.length - token.trimEnd().length;
      const visible =
        trailing > 0 ? await this.widthOf(await runsOf(token.trimEnd(), weight), style) : tokenWidth;
      if (current && currentWidth + visible > width) {
        lines.push(current.trimEnd());
        current = token.trimStart();
        currentWidth = tokenWidth;
      } else {
        current += token;
        currentWidth += tokenWidth;
      }
    }
    if (current.trim() || lines.length === 0) lines.push(current.trimEnd());
    return Promise.all(lines.map((line) => runsOf(line, weight)));
  }

  async drawLine(runs: Run[], x: number, y: number, style: TextStyle): Promise<void> {
    let cursor = x;
    for (const run of runs) {
      await this.useFont(run.font, style);
      this.doc.fillColor(style.color ?? '#000000').text(run.text, cursor, y, { lineBreak: false });
      cursor += this.doc.widthOfString(run.text);
    }
  }

  ensureRoom(height: number): void {
    const doc = this.doc;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      doc.y = doc.page.margins.top;
    }
  }

  async text(text: string, style: TextStyle & { width?: number; x?: number }): Promise<void> {
    const x = style.x ?? this.left;
    const width = style.width ?? this.pageWidth - (x - this.left);
    for (const paragraph of text.split('\n')) {
      for (const runs of await this.linesOf(paragraph, width, style)) {
        this.ensureRoom(lineHeight(style));
        const y = this.doc.y;
        await this.drawLine(runs, x, y, style);
        this.doc.y = y + lineHeight(style);
      }
    }
    this.doc.x = this.left;
  }

  async row(cells: Cell[], columns: number[], options: { rule?: boolean; fill?: string }): Promise<void> {
    const { doc, left } = this;
    const padding = 4;
    const laidOut = await Promise.all(
      cells.map(async (cell, i) => this.linesOf(cell.text, columns[i]! - 2 * padding, cell)),
    );
    const height = Math.max(...laidOut.map((lines, i) => lines.length * lineHeight(cells[i]!))) + 2 * padding;
    this.ensureRoom(height);
    const top = doc.y;
    const total = columns.reduce((sum, w) => sum + w, 0);
    if (options.fill) doc.rect(left, top, total, height).fill(options.fill);
    let x = left;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      let y = top + padding;
      for (const runs of laidOut[i]!) {
        const inner = columns[i]! - 2 * padding;
        const offset = cell.align === 'right' ? inner - (await this.widthOf(runs, cell)) : 0;
        await this.drawLine(runs, x + padding + offset, y, cell);
        y += lineHeight(cell);
      }
      x += columns[i]!;
    }
    if (options.rule !== false)
      doc
        .moveTo(left, top + height)
        .lineTo(left + total, top + height)
        .lineWidth(0.5)
        .strokeColor('#bbbbbb')
        .stroke();
    doc.x = left;
    doc.y = top + height;
  }
}

/** A4 PDF with the Unicode font chain; pdfkit is loaded on first use (it costs start-up time). */
export async function createPdf(info: { title: string; author: string }): Promise<PdfWriter> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: info.title, Author: info.author } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const typesetter = new Typesetter(doc);
  return {
    get y() {
      return doc.y;
    },
    moveDown(points = DEFAULT_SIZE) {
      doc.y += points;
    },
    text: (text, style = {}) => typesetter.text(text, style),
    row: (cells, columns, options = {}) => typesetter.row(cells, columns, options),
    async end() {
      doc.end();
      return done;
    },
  };
}

/** The width available for text on a page (A4 minus margins), for laying out table columns. */
export const PDF_TEXT_WIDTH = 595.28 - 100;
