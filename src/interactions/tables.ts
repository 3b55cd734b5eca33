import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../db/index';
import type { Tx } from '../db/index';
import type { PlatformTables } from '../platform/index';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export const CHANNELS = [
  'web',
  'email',
  'phone',
  'sms',
  'chat',
  'mobile_app',
  'store',
  'mail',
  'social',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** How an interaction was tied to its person, kept on the row so the timeline can say why. */
export type LinkExplanation =
  | { by: 'personId' }
  | {
      by: 'identifiers';
      /** The identifiers (`kind:value`) that found an existing person. */
      matchedBy: string[];
      /** New identifiers this interaction added to the person. */
      attached: string[];
      /** No identifier was known: a person was created from them. */
      createdPerson: boolean;
      /** Other people the identifiers also pointed at (a merge candidate was recorded). */
      alsoMatched: string[];
    };

export type InteractionsTable = {
  workspace_id: string;
  id: Generated<string>;
  person_id: string | null;
  channel: Channel;
  direction: Direction;
  type: string;
  occurred_at: Timestamp;
  duration_seconds: number | null;
  agent_id: string | null;
  subject: string | null;
  summary: string | null;
  body: string | null;
  metadata: Json<Record<string, unknown>>;
  links: Json<Record<string, string>>;
  identifiers: Json<Record<string, string>>;
  resolution: Json<LinkExplanation | null> | null;
  idempotency_key: string | null;
  created_at: Timestamp;
};

export type InteractionsTables = PlatformTables & {
  interactions: InteractionsTable;
  people: { workspace_id: string; id: string; owner_id: string | null; team_id: string | null };
};

export const interactions = (db: Db | Tx) => db.withTables<InteractionsTables>();
