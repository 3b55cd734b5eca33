import { InputError } from '../input-error';

/** Revenue and cost of goods of one order (or order line). */
export interface OrderCost {
  customerId: string;
  revenue: number;
  costOfGoods: number;
}

/** Quantity of a cost-to-serve activity performed for a customer (orders handled, calls, returns…). */
export interface ServiceActivity {
  customerId: string;
  activity: string;
  quantity: number;
}

/** Profit account of one customer. */
export interface CustomerProfit {
  customerId: string;
  revenue: number;
  costOfGoods: number;
  /** revenue − costOfGoods */
  grossMargin: number;
  costToServe: number;
  costToServeByActivity: Record<string, number>;
  /** grossMargin − costToServe */
  profit: number;
}

/**
 * Customer profitability with activity-based cost to serve (Kaplan & Cooper 1998, "Cost & Effect",
 * ch. 10; Kaplan & Narayanan 2001, "Measuring and managing customer profitability"):
 *   profit = revenue − cost of goods − Σ_activities quantity × unit cost.
 * Customers appearing only in activities get zero revenue (and usually a loss). Throws InputError
 * (record, field) for an activity without a unit cost or a non-finite number.
 */
export function computeCustomerProfit(
  orders: readonly OrderCost[],
  activities: readonly ServiceActivity[],
  activityCosts: Readonly<Record<string, number>>,
): CustomerProfit[] {
  const byCustomer = new Map<string, CustomerProfit>();
  const get = (customerId: string): CustomerProfit => {
    let c = byCustomer.get(customerId);
    if (!c) {
      c = {
        customerId,
        revenue: 0,
        costOfGoods: 0,
        grossMargin: 0,
        costToServe: 0,
        costToServeByActivity: {},
        profit: 0,
      };
      byCustomer.set(customerId, c);
    }
    return c;
  };
  orders.forEach((o, i) => {
    if (!Number.isFinite(o.revenue))
      throw new InputError(`revenue ${o.revenue}`, { line: i + 1, field: 'revenue' });
    if (!Number.isFinite(o.costOfGoods)) {
      throw new InputError(`cost of goods ${o.costOfGoods}`, { line: i + 1, field: 'costOfGoods' });
    }
    const c = get(o.customerId);
    c.revenue += o.revenue;
    c.costOfGoods += o.costOfGoods;
  });
  activities.forEach((a, i) => {
    const unit = activityCosts[a.activity];
    if (unit === undefined || !Number.isFinite(unit)) {
      throw new InputError(`no unit cost for activity "${a.activity}"`, { line: i + 1, field: 'activity' });
    }
    if (!Number.isFinite(a.quantity))
      throw new InputError(`quantity ${a.quantity}`, { line: i + 1, field: 'quantity' });
    const c = get(a.customerId);
    const cost = a.quantity * unit;
    c.costToServe += cost;
    c.costToServeByActivity[a.activity] = (c.costToServeByActivity[a.activity] ?? 0) + cost;
  });
  for (const c of byCustomer.values()) {
    c.grossMargin = c.revenue - c.costOfGoods;
    c.profit = c.grossMargin - c.costToServe;
  }
  return [...byCustomer.values()];
}
