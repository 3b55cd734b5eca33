import { actorOf, type Api, type RouteDeps } from '../../platform/index';
import { getBoard, getBoardColumn } from './board';
import {
  closeOpportunity,
  createOpportunity,
  getOpportunity,
  listOpportunities,
  moveOpportunity,
  reopenOpportunity,
  replaceOpportunityLines,
  updateOpportunity,
} from './opportunities';
import {
  addCloseReason,
  createPipeline,
  getPipeline,
  listCloseReasons,
  listPipelines,
  replaceStages,
  updatePipeline,
} from './pipelines';
import {
  Board,
  BoardQuery,
  Card,
  CloseReasonCreate,
  CloseReasonView,
  ColumnParams,
  ColumnQuery,
  IdParams,
  Items,
  LinesInput,
  LostInput,
  MoveInput,
  OpportunityCreate,
  OpportunityDetail,
  OpportunityQuery,
  OpportunityUpdate,
  OpportunityView,
  Page,
  PipelineCreate,
  PipelineUpdate,
  PipelineView,
  ReopenInput,
  StagesInput,
  WonInput,
} from './schema';

const tags = ['sales'];

/** Pipelines and their stages, close reasons, opportunities with lines and stage history, the board. */
export function registerPipelineRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/pipelines',
    {
      schema: {
        tags,
        summary: 'Every pipeline with its stages in board order, the default first (made on first use)',
        response: { 200: Items(PipelineView) },
      },
    },
    async (request) => listPipelines(db, actorOf(request)),
  );
  app.post(
    '/api/pipelines',
    {
      schema: {
        tags,
        summary: 'Add a pipeline with its stages (sales settings: sales, managers, admins)',
        body: PipelineCreate,
        response: { 201: PipelineView },
      },
    },
    async (request, reply) => reply.code(201).send(await createPipeline(db, actorOf(request), request.body)),
  );
  app.get(
    '/api/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'A pipeline with its stages',
        params: IdParams,
        response: { 200: PipelineView },
      },
    },
    async (request) => getPipeline(db, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'Rename a pipeline, or make it the default',
        params: IdParams,
        body: PipelineUpdate,
        response: { 200: PipelineView },
      },
    },
    async (request) => updatePipeline(db, actorOf(request), request.params.id, request.body),
  );
  app.put(
    '/api/pipelines/:id/stages',
    {
      schema: {
        tags,
        summary:
          'Set the stages in board order: with an id a stage is kept, without one added; a stage left out is ' +
          'removed (409 while opportunities are in it)',
        params: IdParams,
        body: StagesInput,
        response: { 200: PipelineView },
      },
    },
    async (request) => replaceStages(db, actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/api/pipelines/:id/board',
    {
      schema: {
        tags,
        summary:
          'The board: per stage the count of open opportunities, their amounts per currency (and weighted), and ' +
          'the first cards, soonest expected close first; filter by owner and close month',
        params: IdParams,
        querystring: BoardQuery,
        response: { 200: Board },
      },
    },
    async (request) => getBoard(db, actorOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/pipelines/:id/board/:stageId',
    {
      schema: {
        tags,
        summary: 'The next cards of one column (pass its nextCursor as cursor)',
        params: ColumnParams,
        querystring: ColumnQuery,
        response: { 200: Page(Card) },
      },
    },
    async (request) =>
      getBoardColumn(db, actorOf(request), request.params.id, request.params.stageId, request.query),
  );

  app.get(
    '/api/close-reasons',
    {
      schema: {
        tags,
        summary: 'Why opportunities are won or lost: the workspace’s list (defaults made on first use)',
        response: { 200: Items(CloseReasonView) },
      },
    },
    async (request) => listCloseReasons(db, actorOf(request)),
  );
  app.post(
    '/api/close-reasons',
    {
      schema: {
        tags,
        summary: 'Add a won or lost reason (sales settings)',
        body: CloseReasonCreate,
        response: { 201: CloseReasonView },
      },
    },
    async (request, reply) => reply.code(201).send(await addCloseReason(db, actorOf(request), request.body)),
  );

  app.post(
    '/api/opportunities',
    {
      schema: {
        tags,
        summary:
          'Open an opportunity for a person and/or account, in a pipeline (default: the default) and stage ' +
          '(default: its first); with lines, its amount is their total',
        body: OpportunityCreate,
        response: { 201: OpportunityDetail },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createOpportunity(db, actorOf(request), request.body)),
  );
  app.get(
    '/api/opportunities',
    {
      schema: {
        tags,
        summary:
          'Opportunities of a person or an account (or all you may read), newest first, a page at a time',
        querystring: OpportunityQuery,
        response: { 200: Page(OpportunityView) },
      },
    },
    async (request) => listOpportunities(db, actorOf(request), request.query),
  );
  app.get(
    '/api/opportunities/:id',
    {
      schema: {
        tags,
        summary: 'An opportunity with its lines and stage history (time in each stage)',
        params: IdParams,
        response: { 200: OpportunityDetail },
      },
    },
    async (request) => getOpportunity(db, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/opportunities/:id',
    {
      schema: {
        tags,
        summary:
          'Change an opportunity; a stage must be of its pipeline (or of a new pipelineId given with it); the ' +
          'amount and currency of an opportunity with lines are theirs',
        params: IdParams,
        body: OpportunityUpdate,
        response: { 200: OpportunityDetail },
      },
    },
    async (request) => updateOpportunity(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/opportunities/:id/move',
    {
      schema: {
        tags,
        summary: 'Move an open opportunity to another stage of its pipeline (a card dragged on the board)',
        params: IdParams,
        body: MoveInput,
        response: { 200: OpportunityView },
      },
    },
    async (request) => moveOpportunity(db, actorOf(request), request.params.id, request.body.stageId),
  );
  app.put(
    '/api/opportunities/:id/lines',
    {
      schema: {
        tags,
        summary: 'Set the products on an open opportunity (the whole list); its amount becomes their total',
        params: IdParams,
        body: LinesInput,
        response: { 200: OpportunityDetail },
      },
    },
    async (request) => replaceOpportunityLines(db, actorOf(request), request.params.id, request.body.lines),
  );
  app.post(
    '/api/opportunities/:id/won',
    {
      schema: {
        tags,
        summary: 'Close an open opportunity as won, with a won reason from the list',
        params: IdParams,
        body: WonInput,
        response: { 200: OpportunityDetail },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => closeOpportunity(db, actorOf(request), request.params.id, 'won', request.body),
  );
  app.post(
    '/api/opportunities/:id/lost',
    {
      schema: {
        tags,
        summary: 'Close an open opportunity as lost, with a lost reason from the list (required)',
        params: IdParams,
        body: LostInput,
        response: { 200: OpportunityDetail },
      },
    },
    async (request) => closeOpportunity(db, actorOf(request), request.params.id, 'lost', request.body),
  );
  app.post(
    '/api/opportunities/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Open a won or lost opportunity again (not one won by an accepted quote)',
        params: IdParams,
        body: ReopenInput,
        response: { 200: OpportunityDetail },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => reopenOpportunity(db, actorOf(request), request.params.id, request.body),
  );
}
