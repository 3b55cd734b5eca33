import { type Static, Type } from 'typebox';
import { CursorPage, DateTime, Day, Enum, Job, Nullable, Strict, Uuid } from '../../platform/index';
import { LifecycleStage, Person } from '../people/schema';
import { CANDIDATE_STATUSES } from './duplicates';
import { MERGE_FIELDS, MERGE_RULES } from './merge-fields';

/** The request and response shapes of merging people and reviewing duplicate candidates. */

export const MergeRule = Enum(MERGE_RULES);
export type MergeRule = Static<typeof MergeRule>;
export const MergeField = Enum(MERGE_FIELDS);
export type MergeField = Static<typeof MergeField>;

export const MergeInput = Type.Object(
  {
    survivorId: Uuid,
    mergedId: Uuid,
    dryRun: Type.Boolean(),
    fields: Type.Optional(Type.Partial(Type.Record(MergeField, MergeRule), Strict)),
    rule: Type.Optional(MergeRule),
  },
  Strict,
);
export type MergeInput = Static<typeof MergeInput>;

export const MergeConflict = Type.Object({
  field: Type.String(),
  survivor: Type.Unknown(),
  merged: Type.Unknown(),
  chosen: Type.Unknown(),
  rule: MergeRule,
});
export type MergeConflict = Static<typeof MergeConflict>;

export const MergeResult = Type.Object({
  dryRun: Type.Boolean(),
  survivorId: Uuid,
  mergedId: Uuid,
  result: Person,
  conflicts: Type.Array(MergeConflict),
  moved: Type.Record(Type.String(), Type.Integer(), {
    description: 'Rows referring to the merged person, per table.column: moved to the survivor',
  }),
  dropped: Type.Record(Type.String(), Type.Integer(), {
    description: 'Rows dropped instead: derived rows, and rows whose unique key the survivor already holds',
  }),
});
export type MergeResult = Static<typeof MergeResult>;

/** A redirect from a merged person's id (GET /api/people/{mergedId}... answers 308). */
export const MergedRedirect = Type.Object(
  { mergedInto: Uuid, location: Type.String() },
  { description: 'The person was merged: the same path on the survivor is in Location' },
);

export const ScanInput = Type.Optional(
  Type.Object(
    {
      threshold: Type.Optional(Type.Number({ minimum: 0.3, maximum: 1 })),
      background: Type.Optional(Type.Boolean()),
    },
    Strict,
  ),
);
export const ScanResult = Type.Object({
  pairs: Type.Integer({ description: 'Pairs with evidence in this scan' }),
  open: Type.Integer({ description: 'Open candidates after the scan' }),
  tookMs: Type.Number(),
});
export type ScanResult = Static<typeof ScanResult>;
export const ScanQueued = Type.Object({ job: Job });

export const CandidateStatus = Enum(CANDIDATE_STATUSES);
export const DuplicatesQuery = Type.Object(
  {
    status: Type.Optional(CandidateStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
  },
  Strict,
);
export const PairParams = Type.Object({ a: Uuid, b: Uuid }, Strict);

export const CandidatePerson = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  birthday: Nullable(Day),
  postcode: Nullable(Type.String()),
  city: Nullable(Type.String()),
  accountId: Nullable(Uuid),
  lifecycleStage: LifecycleStage,
  emails: Type.Array(Type.String()),
  phones: Type.Array(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type CandidatePerson = Static<typeof CandidatePerson>;

export const Candidate = Type.Object({
  score: Type.Number({ description: 'Likelihood that the two are one person, 0..1' }),
  reasons: Type.Array(Type.String()),
  status: CandidateStatus,
  a: CandidatePerson,
  b: CandidatePerson,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Candidate = Static<typeof Candidate>;
export const CandidatesPage = CursorPage(Candidate);
export type CandidatesPage = Static<typeof CandidatesPage>;
