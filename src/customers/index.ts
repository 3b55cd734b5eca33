export { type IdentityKind, type NormalisedIdentity, normaliseIdentity } from './identity/identities';
export { addIdentity, createPerson, getPerson, removeIdentity, updatePerson } from './people/people';
export { listPeople } from './lists/people-list';
export { createAccount, getAccount, normaliseDomain } from './accounts/accounts';
export { type AccountOutcome, type AccountUpsert, upsertAccounts } from './accounts/accounts-bulk';
export { getCustomer360 } from './customer-360/customer-360';
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
export { mergePeople } from './identity/merge';
export { findPersonReferences, type PersonReference } from './identity/merge-repoint';
export {
  ERASED_NAME,
  erasePersonProfile,
  lockPersonForErasure,
  type ProfileErasure,
  readPersonRecord,
} from './people/privacy';
export { searchCustomers } from './search/search';
export { countAccounts, listAccounts } from './accounts/accounts-list';
export { getLifecycleFunnel } from './lifecycle/lifecycle';
export { bulkUpdate } from './lists/bulk-update';
export { COUNT_CAP } from './lists/list-count';
export { ACCOUNT_SORTS, encodeSortCursor, parseAccountSort, parseSort, sortValue } from './lists/list-sort';
export { countPeople } from './lists/people-list';

// The API's request and response shapes (the web app's types).
export type {
  Address,
  Identity,
  IdentityInput,
  PeoplePage,
  Person,
  PersonAccount,
  PersonCreate,
  PersonUpdate,
  PersonWithAccounts,
  Profile,
} from './people/schema';
export type {
  Account,
  AccountCreate,
  AccountsPage,
  AccountUpdate,
  MemberAdd,
  MembersPage,
  Membership,
} from './accounts/schema';
export type {
  AttributeCreate,
  AttributeDefinition,
  AttributeObjectType,
  AttributeType,
} from './attributes/schema';
export type { ConsentEvent, ConsentInput, Consents, ConsentState } from './consent/schema';
export type { Funnel, LifecycleHistory, StageFunnel } from './lifecycle/schema';
export type { SearchResult, SearchResults } from './search/schema';
export type { Customer360, Customer360Scores } from './customer-360/schema';
export type {
  Candidate,
  CandidatePerson,
  CandidatesPage,
  MergeConflict,
  MergeField,
  MergeInput,
  MergeResult,
  MergeRule,
  ScanResult,
} from './identity/schema';
export type {
  BulkUpdateInput,
  BulkUpdateResult,
  ListObjectType,
  SavedView,
  TagsById,
  TagUse,
  ViewCreate,
  ViewDefinition,
} from './lists/schema';
// Used by sales inside its own transactions: a converted lead's account, and the lifecycle moving with a deal.
export { type AccountLink, type AccountLinkInput, linkPersonToAccount } from './accounts/account-link';
export { advanceLifecycle, type LifecycleMove } from './lifecycle/advance';
