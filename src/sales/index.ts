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
export { recordPayment } from './payments';
export { createProduct, getProduct, listProducts, updateProduct } from './products';
export {
  type CatalogueEntry,
  ensureProducts,
  type ProductUpsert,
  type UpsertOutcome,
  upsertProducts,
} from './products-bulk';
export { registerSalesRoutes as registerRoutes } from './routes';
// The API's request and response shapes (the web app's types).
export type {
  BulkResult,
  CostInput,
  CustomerRef,
  ItemResult,
  Order,
  OrderInput,
  OrderLineInput,
  OrderPage,
  OrderStatus,
  OrderSummary,
  Payment,
  PaymentInput,
  Product,
  ProductCreate,
  ProductPage,
  ProductUpdate,
  ReturnInput,
} from './schema';
export { CHANNELS, type Channel } from './tables';
export { erasePersonSales, type SalesErasure } from './erase';
