export { type IdentityKind, type NormalisedIdentity, normaliseIdentity } from './identities';
export { addIdentity, createPerson, getPerson, removeIdentity, updatePerson } from './people';
export { listPeople } from './people-list';
export { type Account, createAccount, getAccount } from './accounts';
export { registerAccountRoutes } from './accounts-routes';
export type { Person } from './person-view';
export { registerCustomerRoutes } from './routes';
export { LIFECYCLE_STAGES, type LifecycleStage } from './tables';
export { type Identifiers, type Resolution, type ResolveOutcome, resolveIdentifiers } from './resolution';
export {
  type ConsentChannel,
  type ConsentPurpose,
  getConsents,
  hasConsent,
  loadConsents,
  recordConsent,
} from './consent';
export {
  customerJobHandlers,
  DUPLICATE_SCAN_JOB,
  dismissDuplicate,
  listDuplicates,
  queueDuplicateScan,
  scanDuplicates,
} from './duplicates';
export { type MergeInput, type MergeResult, mergePeople } from './merge';
export { type SearchResult, searchCustomers } from './search';
