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
// Leads, pipelines and opportunities, sales activities, quotes.
export { ACTIVITY_TYPES, listActivities, logActivity } from './activities/activities';
export type { ActivityCreate, ActivityPage, ActivityView } from './activities/schema';
export { convertLead } from './leads/convert';
export { createLeadForm, listLeadForms, updateLeadForm } from './leads/forms';
export {
  type CaptureOutcome,
  captureLeads,
  createLead,
  getLead,
  type LeadDraft,
  listLeads,
  updateLead,
} from './leads/leads';
export type {
  Conversion,
  ConvertInput,
  LeadCreate,
  LeadFormView,
  LeadPage,
  LeadUpdate,
  LeadView,
} from './leads/schema';
export { getBoard, getBoardColumn } from './pipeline/board';
export {
  closeOpportunity,
  createOpportunity,
  getOpportunity,
  listOpportunities,
  moveOpportunity,
  reopenOpportunity,
  replaceOpportunityLines,
  updateOpportunity,
} from './pipeline/opportunities';
export {
  createPipeline,
  DEFAULT_PIPELINE,
  listCloseReasons,
  listPipelines,
  replaceStages,
} from './pipeline/pipelines';
export type {
  Board,
  BoardColumn,
  Card,
  CloseReasonView,
  LineInput,
  LineView,
  OpportunityCreate,
  OpportunityDetail,
  OpportunityView,
  PipelineView,
  StageStay,
  StageView,
} from './pipeline/schema';
export { ACTIVITY_KINDS, LEAD_STATUSES, OPPORTUNITY_STATUSES, QUOTE_STATUSES } from './pipeline/tables';
export { acceptQuote } from './quotes/accept';
export { renderQuote, setQuoteLogo } from './quotes/documents';
export {
  createQuote,
  createQuoteLink,
  getQuote,
  listQuotes,
  markQuoteSent,
  reviseQuote,
} from './quotes/quotes';
export type { PublicQuote, QuoteLink, QuoteSummary, QuoteView, RevisionView } from './quotes/schema';
