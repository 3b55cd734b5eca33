/**
 * The sales slice: products, orders with lines (each also a 'purchase' on the customer's timeline),
 * status changes with returns and refunds, payments, cost-to-serve events, and order import.
 */
export { ingestCosts, recordCost } from './costs';
export {
  FileFormatError,
  GENERIC_SKU,
  type ImportOptions,
  type ImportSummary,
  importOrders,
  MAPPING_HELP,
  MAPPING_KEYS,
  type Mapping,
  parseMapping,
  PRESETS,
} from './import/index';
export { cancelOrder, fulfilOrder, returnOrder } from './order-status';
export { createOrder, getOrder, ingestOrders, listPersonOrders } from './orders';
export { recordPayment } from './payments';
export { createProduct, getProduct, listProducts, updateProduct } from './products';
export { registerSalesRoutes as registerRoutes } from './routes';
// The API's request and response shapes (the web app's types).
export type {
  CostInput,
  Order,
  OrderInput,
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
