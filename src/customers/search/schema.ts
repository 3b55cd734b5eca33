import { type Static, Type } from 'typebox';
import { Enum, Strict, Uuid } from '../../platform/index';
import { SEARCH_LIMIT } from './search';

/** The request and response shapes of the one search box. */

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_LIMIT })),
  },
  Strict,
);

export const SearchResult = Type.Object({
  type: Enum(['person', 'account']),
  id: Uuid,
  name: Type.String(),
  matched: Type.String({
    description: 'What matched: "phone +14155550100", "email ann@example.com", "name"...',
  }),
  score: Type.Number({
    description:
      '1 for an exact identifier; 0.7 to 0.9 for prefixes and phone endings; below 0.6 for similar names',
  }),
});
export type SearchResult = Static<typeof SearchResult>;

export const SearchResults = Type.Object({
  results: Type.Array(SearchResult, { description: 'Best first' }),
});
export type SearchResults = Static<typeof SearchResults>;
