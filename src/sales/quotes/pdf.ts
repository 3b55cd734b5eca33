import PDFDocument from 'pdfkit';

export interface QuoteDocument {
  seller: string;
  logo: Buffer | null;
  reference: string;
  revision: number;
  issuedOn: string;
  validUntil: string;
  preparedFor: string | null;
  currency: string;
  lines: {
    lineNo: number;
    sku: string;
    name: string;
    quantity: number;
    unitPrice: number;
    discount: number;
    lineTotal: number;
  }[];
  subtotal: number;
  discountTotal: number;
  total: number;
  terms: string | null;
  status: string;
}

const MARGIN = 50;
const GREY = '#5b6472';

/**
 * A quote as a PDF (A4): the seller's logo and name, the reference and revision, dates, who it is
 * for, the lines with quantity, unit price, discount and total, the totals, and the terms.
 */
export function renderQuotePdf(quote: QuoteDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `Quote ${quote.reference}`, Author: quote.seller, Subject: `Revision ${quote.revision}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: quote.currency });
  const width = doc.page.width - 2 * MARGIN;

  let top = MARGIN;
  if (quote.logo) {
    doc.image(quote.logo, MARGIN, top, { fit: [160, 60] });
  }
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .fillColor('#111')
    .text(quote.seller, MARGIN, top, { width, align: 'right' });
  top += 80;
  doc.font('Helvetica-Bold').fontSize(22).text(`Quote ${quote.reference}`, MARGIN, top);
  doc.font('Helvetica').fontSize(10).fillColor(GREY);
  doc.text(`Revision ${quote.revision} · issued ${quote.issuedOn} · valid until ${quote.validUntil}`);
  if (quote.preparedFor) doc.text(`Prepared for ${quote.preparedFor}`);
  if (quote.status === 'accepted' || quote.status === 'declined') doc.text(`Status: ${quote.status}`);
  doc.moveDown(1.5);

  const columns = [
    { label: 'Item', x: MARGIN, w: 230, align: 'left' as const },
    { label: 'Qty', x: MARGIN + 230, w: 40, align: 'right' as const },
    { label: 'Unit price', x: MARGIN + 270, w: 80, align: 'right' as const },
    { label: 'Discount', x: MARGIN + 350, w: 70, align: 'right' as const },
    { label: 'Total', x: MARGIN + 420, w: width - 420, align: 'right' as const },
  ];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10)
      .fillColor('#111');
    let bottom = y;
    cells.forEach((cell, i) => {
      const c = columns[i];
      if (!c) return;
      doc.text(cell, c.x, y, { width: c.w, align: c.align });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom + 4;
    doc.x = MARGIN;
  };
  row(
    columns.map((c) => c.label),
    true,
  );
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width, doc.y)
    .strokeColor('#ccc')
    .stroke();
  doc.moveDown(0.3);
  for (const line of quote.lines) {
    if (doc.y > doc.page.height - 150) doc.addPage();
    row([
      `${line.name} (${line.sku})`,
      String(line.quantity),
      money.format(line.unitPrice),
      line.discount > 0 ? `-${money.format(line.discount)}` : '',
      money.format(line.lineTotal),
    ]);
  }
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width, doc.y)
    .strokeColor('#ccc')
    .stroke();
  doc.moveDown(0.5);
  const total = (label: string, value: string, bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 12 : 10);
    doc.text(label, MARGIN + 270, y, { width: 150, align: 'right' });
    doc.text(value, MARGIN + 420, y, { width: width - 420, align: 'right' });
    doc.x = MARGIN;
  };
  total('Subtotal', money.format(quote.subtotal));
  if (quote.discountTotal > 0) total('Discounts', `-${money.format(quote.discountTotal)}`);
  total(`Total (${quote.currency})`, money.format(quote.total), true);
  if (quote.terms) {
    doc.moveDown(2);
    doc.font('Helvetica-Bold').fontSize(11).text('Terms', MARGIN);
    doc.font('Helvetica').fontSize(10).fillColor(GREY).text(quote.terms, MARGIN, doc.y, { width });
  }
  doc.end();
  return done;
}

/** Whether pdfkit can place the image (a PNG or JPEG it reads): a logo is checked once, on upload. */
export function canEmbed(image: Buffer): boolean {
  try {
    const doc = new PDFDocument({ autoFirstPage: true });
    doc.image(image, 0, 0, { fit: [10, 10] });
    doc.end();
    return true;
  } catch {
    return false;
  }
}
