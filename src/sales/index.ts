/**
 * The sales slice: products, orders with lines (each also a 'purchase' on the customer's timeline),
 * status changes with returns and refunds, payments, cost-to-serve events; and the bulk forms an
 * import's chunk writes with (orders, returns by customer, products by SKU), in its transaction.
 */
export { ingestCosts, recordCost } from './costs';
export { type IngestOptions, ingestOrdersInTransaction } from './order-ingest';
export { type CustomerReturn, returnOrdersInTransaction } from './order-returns-bulk';
export { cancelOrder, fulfilOrder, returnOrder } from './order-status';
export { createOrder, getOrder, ingestOrders, listPersonOrders } from './orders';
export type { OrderPage, OrderSummary, OrderView } from './order-queries';
export { recordPayment } from './payments';
export { createProduct, getProduct, listProducts, type Product, updateProduct } from './products';
export {
  type CatalogueEntry,
  ensureProducts,
  type ProductUpsert,
  type UpsertOutcome,
  upsertProducts,
} from './products-bulk';
export { registerSalesRoutes as registerRoutes } from './routes';
export type { BulkResult, CustomerRef, ItemResult, OrderInput, OrderLineInput } from './schema';
export { CHANNELS, type Channel } from './tables';
