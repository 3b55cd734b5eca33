import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from '../ui/Button';
import { formatAmount } from './format';
import { fetchProducts, type LineInput, type OpportunityDetail } from './sales-api';

type Line = OpportunityDetail['lines'][number];

interface Draft {
  key: number;
  productId: string;
  quantity: string;
  unitPrice: string;
  discount: string;
}

let nextKey = 1;
const draftOf = (l: Line): Draft => ({
  key: nextKey++,
  productId: l.productId,
  quantity: String(l.quantity),
  unitPrice: String(l.unitPrice),
  discount: l.discount ? String(l.discount) : '',
});

/**
 * Lines from the catalogue: product, quantity, unit price (default: its list price), discount off the
 * line. The server checks them (a negative quantity or another currency is refused, naming the line).
 */
export function LinesEditor({
  lines,
  currency,
  saveLabel,
  busy,
  error,
  onSave,
  onCancel,
}: {
  lines: readonly Line[];
  currency: string;
  saveLabel: string;
  busy: boolean;
  error: string | null;
  onSave(lines: LineInput[]): void;
  onCancel?(): void;
}) {
  const products = useQuery({
    queryKey: ['products', 'active'],
    queryFn: ({ signal }) => fetchProducts(signal),
  });
  const [drafts, setDrafts] = useState<Draft[]>(() => lines.map(draftOf));
  const byId = new Map((products.data ?? []).map((p) => [p.id, p]));
  const change = (key: number, patch: Partial<Draft>) =>
    setDrafts((ds) => ds.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const total = drafts.reduce((sum, d) => {
    const price = d.unitPrice === '' ? (byId.get(d.productId)?.listPrice ?? 0) : Number(d.unitPrice);
    return sum + price * Number(d.quantity || 0) - Number(d.discount || 0);
  }, 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(
      drafts
        .filter((d) => d.productId)
        .map((d) => ({
          productId: d.productId,
          quantity: Number(d.quantity),
          ...(d.unitPrice !== '' ? { unitPrice: Number(d.unitPrice) } : {}),
          ...(d.discount !== '' ? { discount: Number(d.discount) } : {}),
        })),
    );
  };
  return (
    <form className="lines-editor" aria-label="Lines" onSubmit={submit}>
      {drafts.map((d, i) => (
        <fieldset key={d.key} className="lines-editor__row" aria-label={`Line ${i + 1}`}>
          <div className="field">
            <label className="field__label" htmlFor={`line-${d.key}-product`}>
              Product
            </label>
            <select
              id={`line-${d.key}-product`}
              className="field__input"
              value={d.productId}
              required
              onChange={(e) => change(d.key, { productId: e.target.value, unitPrice: '' })}
            >
              <option value="">Choose a product</option>
              {(products.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.sku}) · {formatAmount(p.listPrice, currency)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`line-${d.key}-qty`}>
              Quantity
            </label>
            <input
              id={`line-${d.key}-qty`}
              className="field__input"
              type="number"
              step="1"
              value={d.quantity}
              onChange={(e) => change(d.key, { quantity: e.target.value })}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`line-${d.key}-price`}>
              Unit price
            </label>
            <input
              id={`line-${d.key}-price`}
              className="field__input"
              type="number"
              step="0.01"
              min="0"
              placeholder={byId.get(d.productId) ? String(byId.get(d.productId)?.listPrice) : 'list price'}
              value={d.unitPrice}
              onChange={(e) => change(d.key, { unitPrice: e.target.value })}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`line-${d.key}-discount`}>
              Discount
            </label>
            <input
              id={`line-${d.key}-discount`}
              className="field__input"
              type="number"
              step="0.01"
              min="0"
              value={d.discount}
              onChange={(e) => change(d.key, { discount: e.target.value })}
            />
          </div>
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Remove line ${i + 1}`}
            onClick={() => setDrafts((ds) => ds.filter((x) => x.key !== d.key))}
          >
            Remove
          </Button>
        </fieldset>
      ))}
      <div className="form__actions">
        <Button
          size="sm"
          onClick={() =>
            setDrafts((ds) => [
              ...ds,
              { key: nextKey++, productId: '', quantity: '1', unitPrice: '', discount: '' },
            ])
          }
        >
          Add a line
        </Button>
        <span className="muted">
          Total {formatAmount(Math.max(0, Math.round(total * 100) / 100), currency)}
        </span>
      </div>
      {error ? (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={busy}>
          {saveLabel}
        </Button>
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
      </div>
    </form>
  );
}

/** Lines as a table with their totals. */
export function LinesTable({
  lines,
  currency,
  caption,
}: {
  lines: readonly Line[];
  currency: string;
  caption: string;
}) {
  const subtotal = lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
  const discount = lines.reduce((s, l) => s + l.discount, 0);
  return (
    <>
      <div className="table-wrap">
        <table className="table table--compact">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="table__cell--end">
                Qty
              </th>
              <th scope="col" className="table__cell--end">
                Unit price
              </th>
              <th scope="col" className="table__cell--end">
                Discount
              </th>
              <th scope="col" className="table__cell--end">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.lineNo}>
                <td>
                  {l.name} <span className="muted">({l.sku})</span>
                </td>
                <td className="table__cell--end">{l.quantity}</td>
                <td className="table__cell--end">{formatAmount(l.unitPrice, currency)}</td>
                <td className="table__cell--end">
                  {l.discount ? `−${formatAmount(l.discount, currency)}` : ''}
                </td>
                <td className="table__cell--end">{formatAmount(l.lineTotal, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="totals">
        <dt>Subtotal</dt>
        <dd>{formatAmount(Math.round(subtotal * 100) / 100, currency)}</dd>
        {discount > 0 ? (
          <>
            <dt>Discounts</dt>
            <dd>−{formatAmount(Math.round(discount * 100) / 100, currency)}</dd>
          </>
        ) : null}
        <dt className="totals__grand">Total</dt>
        <dd className="totals__grand">
          {formatAmount(Math.round((subtotal - discount) * 100) / 100, currency)}
        </dd>
      </dl>
    </>
  );
}
