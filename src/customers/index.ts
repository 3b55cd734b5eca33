export { type IdentityKind, type NormalisedIdentity, normaliseIdentity } from './identity/identities';
export { addIdentity, createPerson, getPerson, removeIdentity, updatePerson } from './people/people';
export { listPeople } from './lists/people-list';
export { type Account, createAccount, getAccount, normaliseDomain } from './accounts/accounts';
export { type AccountOutcome, type AccountUpsert, upsertAccounts } from './accounts/accounts-bulk';
export type { Person } from './people/person-view';
export { type Customer360, getCustomer360 } from './customer-360/customer-360';
export { registerRoutes } from './routes';
export { ATTRIBUTE_PARAM, attributeParams } from './attributes/attributes-filter';
export { PEOPLE_SORTS } from './lists/list-sort';
export { parseScoreFilters, SCORE_PARAM, scoreParams, scoredPeople } from './lists/people-list';
export type { CustomersTables } from './tables';
export { LIFECYCLE_STAGES, type LifecycleStage } from './tables';
export {
  type Identifiers,
  type Resolution,
  type ResolveOutcome,
  resolveIdentifiers,
} from './identity/resolution';
export {
  type ConsentChannel,
  type ConsentPurpose,
  getConsents,
  hasConsent,
  loadConsents,
  recordConsent,
} from './consent/consent';
export {
  customerJobHandlers,
  DUPLICATE_SCAN_JOB,
  dismissDuplicate,
  listDuplicates,
  queueDuplicateScan,
  scanDuplicates,
} from './identity/duplicates';
export { type MergeInput, type MergeResult, mergePeople } from './identity/merge';
export { type SearchResult, searchCustomers } from './search/search';
export { countAccounts, listAccounts } from './accounts/accounts-list';
export { getLifecycleFunnel } from './lifecycle/lifecycle';
export { bulkUpdate } from './lists/bulk-update';
export { COUNT_CAP } from './lists/list-count';
export { ACCOUNT_SORTS, encodeSortCursor, parseAccountSort, parseSort, sortValue } from './lists/list-sort';
export { countPeople } from './lists/people-list';
