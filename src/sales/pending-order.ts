import type { Cents } from './money';
import type { PreparedOrder } from './order-input';

/** An order on its way in, once its products and customer are known. */
export interface PendingOrder {
  index: number;
  id: string;
  order: PreparedOrder;
  personId?: string;
  lines?: PricedLine[];
  total?: Cents;
  costTotal?: Cents | null;
}

export interface PricedLine {
  productId: string;
  quantity: number;
  unitPrice: Cents;
  discount: Cents;
  unitCost: Cents | null;
}
