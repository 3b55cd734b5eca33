import { actorOf, type Api, NoContent, type RouteDeps } from '../../platform/index';
import { dismissDuplicate, listDuplicates, queueDuplicateScan, scanDuplicates } from './duplicates';
import { mergePeople } from './merge';
import {
  CandidatesPage,
  DuplicatesQuery,
  MergeInput,
  MergeResult,
  PairParams,
  ScanInput,
  ScanQueued,
  ScanResult,
} from './schema';

export function registerMergeRoutes(app: Api, { db }: RouteDeps): void {
  app.post(
    '/api/people/merge',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Merge mergedId into survivorId in one transaction: fields by rule (survivor, merged, newest, oldest, ' +
          'non_empty; default non_empty), every row referring to the merged person moved to the survivor, the ' +
          'merged person deleted. Its old id then redirects: GET /api/people/{mergedId} (and its sub-paths) ' +
          'answers 308 with Location: /api/people/{survivorId} and {mergedInto, location}. dryRun answers the ' +
          'result, the conflicts and the rows that would move, and changes nothing. Needs people update on both ' +
          'and delete on the merged one.',
        body: MergeInput,
        response: { 200: MergeResult },
      },
    },
    async (request) => mergePeople(db, actorOf(request), request.body),
  );

  app.post(
    '/api/duplicates/scan',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Recompute duplicate candidates from exact evidence (same name and birthday, an email or phone that is ' +
          'another identity of someone else) and similar names (trigram) with the same postcode, account or email ' +
          'domain. background: queue it as a job (202) instead of answering when done (200).',
        body: ScanInput,
        response: { 200: ScanResult, 202: ScanQueued },
      },
    },
    async (request, reply) => {
      const { background = false, ...options } = request.body ?? {};
      if (background)
        return reply.code(202).send({ job: await queueDuplicateScan(db, actorOf(request), options) });
      return scanDuplicates(db, actorOf(request), options);
    },
  );

  app.get(
    '/api/duplicates',
    {
      schema: {
        tags: ['customers'],
        summary: 'Duplicate candidate pairs, best first, with both people (pass nextCursor back as cursor)',
        querystring: DuplicatesQuery,
        response: { 200: CandidatesPage },
      },
    },
    async (request) => listDuplicates(db, actorOf(request), request.query),
  );

  app.post(
    '/api/duplicates/:a/:b/dismiss',
    {
      schema: {
        tags: ['customers'],
        summary: 'Mark two people as not duplicates; later scans keep the pair dismissed',
        params: PairParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await dismissDuplicate(db, actorOf(request), request.params.a, request.params.b);
      return reply.code(204).send();
    },
  );
}
