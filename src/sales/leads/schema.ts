import { type Static, Type } from 'typebox';
import {
  Currency,
  Day,
  Items,
  Money,
  Moment,
  Nullable,
  OpportunityDetail,
  Page,
  Strict,
  Text,
  Uuid,
} from '../pipeline/schema';
import { LEAD_STATUSES } from '../pipeline/tables';

/** Request and response shapes of leads, their conversion, and the web forms that capture them. */

export const LeadStatus = Type.Enum(LEAD_STATUSES);

/** What a lead says about the person and the company; each optional, but a lead says something. */
export const leadFields = {
  firstName: Type.Optional(Nullable(Text(200))),
  lastName: Type.Optional(Nullable(Text(200))),
  email: Type.Optional(Nullable(Text(320, 3))),
  phone: Type.Optional(Nullable(Text(50, 3))),
  company: Type.Optional(Nullable(Text(200))),
  jobTitle: Type.Optional(Nullable(Text(200))),
  website: Type.Optional(Nullable(Text(300))),
  message: Type.Optional(Nullable(Text(5000))),
  campaign: Type.Optional(Nullable(Text(200))),
};

export const LeadCreate = Type.Object(
  {
    ...leadFields,
    source: Type.Optional(Text(100, 1)),
    ownerId: Type.Optional(Nullable(Uuid)),
    idempotencyKey: Type.Optional(Text(200)),
  },
  {
    ...Strict,
    description:
      'A name, email, phone or company at least. An email or phone finds (or makes) the person by identity resolution.',
  },
);
export type LeadCreate = Static<typeof LeadCreate>;

export const LeadUpdate = Type.Object(
  {
    ...leadFields,
    source: Type.Optional(Text(100, 1)),
    ownerId: Type.Optional(Nullable(Uuid)),
    status: Type.Optional(Type.Enum(['new', 'working', 'qualified', 'disqualified'])),
    disqualifyReason: Type.Optional(Text(500)),
  },
  { ...Strict, description: 'disqualified needs a disqualifyReason' },
);
export type LeadUpdate = Static<typeof LeadUpdate>;

export const LeadView = Type.Object({
  id: Uuid,
  status: LeadStatus,
  disqualifyReason: Nullable(Type.String()),
  name: Type.String({ description: 'The person’s name, or the company, or the email' }),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  company: Nullable(Type.String()),
  jobTitle: Nullable(Type.String()),
  website: Nullable(Type.String()),
  message: Nullable(Type.String()),
  source: Type.String(),
  campaign: Nullable(Type.String()),
  ownerId: Nullable(Uuid),
  teamId: Nullable(Uuid),
  personId: Nullable(
    Type.String({ format: 'uuid', description: 'Found or made by identity resolution at capture' }),
  ),
  accountId: Nullable(Uuid),
  opportunityId: Nullable(Uuid),
  formId: Nullable(Uuid),
  convertedAt: Nullable(Moment),
  createdAt: Moment,
  updatedAt: Moment,
});
export type LeadView = Static<typeof LeadView>;

export const LeadQuery = Type.Object(
  {
    status: Type.Optional(LeadStatus),
    ownerId: Type.Optional(Uuid),
    source: Type.Optional(Text(100)),
    converted: Type.Optional(Type.Boolean()),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Start of a name, email or company' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
  },
  Strict,
);
export type LeadQuery = Static<typeof LeadQuery>;
export const LeadPage = Page(LeadView);
export type LeadPage = Static<typeof LeadPage>;

export const ConvertInput = Type.Object(
  {
    accountId: Type.Optional(Type.String({ format: 'uuid', description: 'Link this account' })),
    accountName: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Else an account of this name (found, or made); default: the company',
      }),
    ),
    skipAccount: Type.Optional(Type.Boolean({ description: 'No account, even with a company' })),
    opportunityName: Type.Optional(Text(200)),
    amount: Type.Optional(Money),
    currency: Type.Optional(Currency),
    expectedClose: Type.Optional(Day),
    pipelineId: Type.Optional(Uuid),
    stageId: Type.Optional(Uuid),
    ownerId: Type.Optional(Uuid),
  },
  Strict,
);
export type ConvertInput = Static<typeof ConvertInput>;

export const Conversion = Type.Object({
  lead: LeadView,
  personId: Nullable(Uuid),
  accountId: Nullable(Uuid),
  accountCreated: Type.Boolean(),
  opportunity: OpportunityDetail,
});
export type Conversion = Static<typeof Conversion>;

export const LeadFormView = Type.Object({
  id: Uuid,
  name: Type.String(),
  formKey: Type.String({ description: 'Public: the form posts to /api/public/forms/{formKey}/leads' }),
  allowedOrigin: Nullable(Type.String()),
  redirectUrl: Nullable(Type.String()),
  honeypotField: Type.String(),
  source: Type.String(),
  campaign: Nullable(Type.String()),
  ownerId: Nullable(Uuid),
  perMinute: Type.Integer(),
  perAddressPerMinute: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Moment,
});
export type LeadFormView = Static<typeof LeadFormView>;
export const LeadFormList = Items(LeadFormView);

const formFields = {
  allowedOrigin: Type.Optional(
    Nullable(
      Type.String({
        pattern: '^https?://[^/\\s]+$',
        maxLength: 300,
        description: 'The site whose scripts may post (CORS), e.g. https://www.example.com',
      }),
    ),
  ),
  redirectUrl: Type.Optional(
    Nullable(
      Type.String({
        pattern: '^https?://\\S+$',
        maxLength: 1000,
        description: 'Where a plain HTML form post goes after it',
      }),
    ),
  ),
  honeypotField: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_-]{0,49}$' })),
  source: Type.Optional(Text(100)),
  campaign: Type.Optional(Nullable(Text(200))),
  ownerId: Type.Optional(Nullable(Uuid)),
  perMinute: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Leads per minute for the form' }),
  ),
  perAddressPerMinute: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100_000, description: 'Per sending address' }),
  ),
  active: Type.Optional(Type.Boolean()),
};
export const LeadFormCreate = Type.Object({ name: Text(100), ...formFields }, Strict);
export type LeadFormCreate = Static<typeof LeadFormCreate>;
export const LeadFormUpdate = Type.Object({ name: Type.Optional(Text(100)), ...formFields }, Strict);
export type LeadFormUpdate = Static<typeof LeadFormUpdate>;

export const FormKeyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 100 }) }, Strict);
export const FormAnswer = Type.Object({ status: Type.Literal('received') }, { description: 'Nothing else' });
