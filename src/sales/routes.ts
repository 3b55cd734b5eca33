import { actorOf, type Api, BulkResult, IdParams, type RouteDeps } from '../platform/index';
import { ingestCosts, recordCost } from './costs';
import { cancelOrder, fulfilOrder, returnOrder } from './order-status';
import { createOrder, getOrder, ingestOrders, listPersonOrders } from './orders';
import { recordPayment } from './payments';
import { registerActivityRoutes } from './activities/routes';
import { registerLeadRoutes } from './leads/routes';
import { registerPipelineRoutes } from './pipeline/routes';
import { createProduct, getProduct, listProducts, updateProduct } from './products';
import { registerQuoteRoutes } from './quotes/routes';
import {
  bulkBody,
  CancelInput,
  CostInput,
  Order,
  OrderCursorQuery,
  OrderInput,
  OrderPage,
  Payment,
  PaymentInput,
  Product,
  ProductCreate,
  ProductPage,
  ProductQuery,
  ProductUpdate,
  RecordedCost,
  ReturnInput,
} from './schema';

/** Bulk bodies hold up to 10,000 items: more than the server's default body limit. */
const BULK_BODY_LIMIT = 32 * 1024 * 1024;

export function registerSalesRoutes(app: Api, deps: RouteDeps): void {
  const { db } = deps;
  app.post(
    '/api/products',
    {
      schema: {
        tags: ['sales'],
        summary: 'Add a product; its SKU is unique (409 otherwise)',
        body: ProductCreate,
        response: { 201: Product },
      },
    },
    async (request, reply) => reply.code(201).send(await createProduct(db, actorOf(request), request.body)),
  );
  app.get(
    '/api/products',
    {
      schema: {
        tags: ['sales'],
        summary: 'The catalogue by SKU, a page at a time',
        querystring: ProductQuery,
        response: { 200: ProductPage },
      },
    },
    async (request) => listProducts(db, actorOf(request), request.query),
  );
  app.get(
    '/api/products/:id',
    { schema: { tags: ['sales'], summary: 'A product', params: IdParams, response: { 200: Product } } },
    async (request) => getProduct(db, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/products/:id',
    {
      schema: {
        tags: ['sales'],
        summary: 'Change a product (a new SKU stays unique); past orders keep their prices',
        params: IdParams,
        body: ProductUpdate,
        response: { 200: Product },
      },
    },
    async (request) => updateProduct(db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/orders',
    {
      schema: {
        tags: ['sales'],
        summary: 'Record an order; 200 with the first order when its idempotency key was used before',
        body: OrderInput,
        response: { 200: Order, 201: Order },
      },
    },
    async (request, reply) => {
      const { created, order } = await createOrder(db, actorOf(request), request.body);
      return reply.code(created ? 201 : 200).send(order);
    },
  );
  app.post(
    '/api/orders/bulk',
    {
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        tags: ['sales'],
        summary: 'Record up to 10,000 orders; per-item results created | duplicate | rejected, after commit',
        body: bulkBody('Orders as in POST /api/orders, each with an idempotencyKey'),
        response: { 200: BulkResult },
      },
    },
    async (request) => ingestOrders(db, actorOf(request), request.body.items),
  );
  app.get(
    '/api/orders/:id',
    {
      schema: {
        tags: ['sales'],
        summary: 'An order with its lines, returns and payments',
        params: IdParams,
        response: { 200: Order },
      },
    },
    async (request) => getOrder(db, actorOf(request), request.params.id),
  );
  app.post(
    '/api/orders/:id/fulfil',
    {
      schema: { tags: ['sales'], summary: 'placed → fulfilled', params: IdParams, response: { 200: Order } },
    },
    async (request) => fulfilOrder(db, actorOf(request), request.params.id),
  );
  app.post(
    '/api/orders/:id/cancel',
    {
      schema: {
        tags: ['sales'],
        summary: 'placed → cancelled',
        params: IdParams,
        body: CancelInput,
        response: { 200: Order },
      },
      // The reason is optional, and so is the body.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => cancelOrder(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/orders/:id/return',
    {
      schema: {
        tags: ['sales'],
        summary: 'Record a return with its refund; the order becomes returned',
        params: IdParams,
        body: ReturnInput,
        response: { 200: Order, 201: Order },
      },
    },
    async (request, reply) => {
      const { created, order } = await returnOrder(db, actorOf(request), request.params.id, request.body);
      return reply.code(created ? 201 : 200).send(order);
    },
  );
  app.get(
    '/api/people/:id/orders',
    {
      schema: {
        tags: ['sales'],
        summary: 'A customer’s orders, newest first',
        params: IdParams,
        querystring: OrderCursorQuery,
        response: { 200: OrderPage },
      },
    },
    async (request) => listPersonOrders(db, actorOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/costs',
    {
      schema: {
        tags: ['sales'],
        summary:
          'Record a cost to serve a customer; 200 with the first one when its idempotency key was used',
        body: CostInput,
        response: { 200: RecordedCost, 201: RecordedCost },
      },
    },
    async (request, reply) => {
      const { created, id } = await recordCost(db, actorOf(request), request.body);
      return reply.code(created ? 201 : 200).send({ id });
    },
  );
  app.post(
    '/api/costs/bulk',
    {
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        tags: ['sales'],
        summary: 'Record up to 10,000 cost events; per-item results',
        body: bulkBody('Cost events as in POST /api/costs, each with an idempotencyKey'),
        response: { 200: BulkResult },
      },
    },
    async (request) => ingestCosts(db, actorOf(request), request.body.items),
  );
  app.post(
    '/api/payments',
    {
      schema: {
        tags: ['sales'],
        summary: 'Record a payment for an order; 200 with the first one when its idempotency key was used',
        body: PaymentInput,
        response: { 200: Payment, 201: Payment },
      },
    },
    async (request, reply) => {
      const { created, payment } = await recordPayment(db, actorOf(request), request.body);
      return reply.code(created ? 201 : 200).send(payment);
    },
  );

  // Leads, pipelines and opportunities, sales activities, quotes.
  registerPipelineRoutes(app, deps);
  registerLeadRoutes(app, deps);
  registerActivityRoutes(app, deps);
  registerQuoteRoutes(app, deps);
}
