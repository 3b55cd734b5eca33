/**
 * Calls of the sales pages (leads, pipeline board, opportunities, activities, quotes). The answers'
 * types are the server's own (imported as types from src/sales), never copies.
 */
import type {
  ActivityCreate,
  ActivityPage,
  ActivityView,
  Board,
  Card,
  CloseReasonView,
  Conversion,
  ConvertInput,
  LeadCreate,
  LeadPage,
  LeadUpdate,
  LeadView,
  LineInput,
  OpportunityDetail,
  OpportunityView,
  PipelineView,
  Product,
  PublicQuote,
  QuoteLink,
  QuoteSummary,
  QuoteView,
} from '../../../src/sales/index';
import type { Account, Person } from '../../../src/customers/index';
import { api } from '../lib/api';

export type {
  ActivityView,
  Board,
  Card,
  CloseReasonView,
  Conversion,
  LeadView,
  LineInput,
  OpportunityDetail,
  OpportunityView,
  PipelineView,
  Product,
  PublicQuote,
  QuoteSummary,
  QuoteView,
};

const enc = encodeURIComponent;
const query = (params: Record<string, string | number | boolean | undefined>) => {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
};

export const salesKeys = {
  pipelines: ['sales', 'pipelines'] as const,
  board: (pipelineId: string, filters: BoardFilters) => ['sales', 'board', pipelineId, filters] as const,
  boards: ['sales', 'board'] as const,
  opportunity: (id: string) => ['sales', 'opportunity', id] as const,
  activities: (id: string) => ['sales', 'opportunity', id, 'activities'] as const,
  quotes: (id: string) => ['sales', 'opportunity', id, 'quotes'] as const,
  quote: (id: string, revision?: number) => ['sales', 'quote', id, revision ?? 'latest'] as const,
  leads: (filters: LeadFilters) => ['sales', 'leads', filters] as const,
  allLeads: ['sales', 'leads'] as const,
  lead: (id: string) => ['sales', 'lead', id] as const,
  closeReasons: ['sales', 'close-reasons'] as const,
  personOpportunities: (personId: string) => ['person', personId, 'opportunities'] as const,
};

export const fetchPipelines = async (signal?: AbortSignal) =>
  ((await api.get('/api/pipelines', { signal })) as { items: PipelineView[] }).items;

export interface BoardFilters {
  ownerId?: string;
  closeMonth?: string;
}

export const fetchBoard = async (pipelineId: string, filters: BoardFilters, signal?: AbortSignal) =>
  (await api.get(`/api/pipelines/${enc(pipelineId)}/board${query({ ...filters })}`, { signal })) as Board;

export const fetchColumnPage = async (
  pipelineId: string,
  stageId: string,
  filters: BoardFilters,
  cursor: string,
) =>
  (await api.get(
    `/api/pipelines/${enc(pipelineId)}/board/${enc(stageId)}${query({ ...filters, cursor })}`,
  )) as {
    items: Card[];
    nextCursor: string | null;
  };

export const moveOpportunity = async (id: string, stageId: string) =>
  (await api.post(`/api/opportunities/${enc(id)}/move`, { stageId })) as OpportunityView;

export const fetchOpportunity = async (id: string, signal?: AbortSignal) =>
  (await api.get(`/api/opportunities/${enc(id)}`, { signal })) as OpportunityDetail;

export const fetchPersonOpportunities = async (personId: string, signal?: AbortSignal) =>
  (
    (await api.get(`/api/opportunities${query({ personId, limit: 20 })}`, { signal })) as {
      items: OpportunityView[];
    }
  ).items;

export const updateOpportunity = async (id: string, changes: Record<string, unknown>) =>
  (await api.patch(`/api/opportunities/${enc(id)}`, changes)) as OpportunityDetail;

export const replaceLines = async (id: string, lines: LineInput[]) =>
  (await api.put(`/api/opportunities/${enc(id)}/lines`, { lines })) as OpportunityDetail;

export const closeOpportunity = async (
  id: string,
  kind: 'won' | 'lost',
  reasonId: string | undefined,
  note?: string,
) =>
  (await api.post(`/api/opportunities/${enc(id)}/${kind}`, {
    ...(reasonId ? { reasonId } : {}),
    ...(note ? { note } : {}),
  })) as OpportunityDetail;

export const reopenOpportunity = async (id: string) =>
  (await api.post(`/api/opportunities/${enc(id)}/reopen`, {})) as OpportunityDetail;

export const fetchCloseReasons = async (signal?: AbortSignal) =>
  ((await api.get('/api/close-reasons', { signal })) as { items: CloseReasonView[] }).items;

export const fetchActivities = async (id: string, signal?: AbortSignal) =>
  (await api.get(`/api/opportunities/${enc(id)}/activities`, { signal })) as ActivityPage;

export const logActivity = async (id: string, input: ActivityCreate) =>
  (await api.post(`/api/opportunities/${enc(id)}/activities`, input)) as ActivityView;

export const fetchQuotes = async (opportunityId: string, signal?: AbortSignal) =>
  (
    (await api.get(`/api/opportunities/${enc(opportunityId)}/quotes`, { signal })) as {
      items: QuoteSummary[];
    }
  ).items;

export const createQuote = async (
  opportunityId: string,
  input: { validUntil?: string; terms?: string | null },
) => (await api.post(`/api/opportunities/${enc(opportunityId)}/quotes`, input)) as QuoteView;

export const fetchQuote = async (id: string, revision: number | undefined, signal?: AbortSignal) =>
  (await api.get(`/api/quotes/${enc(id)}${query({ revision })}`, { signal })) as QuoteView;

export const reviseQuote = async (
  id: string,
  input: { validUntil?: string; terms?: string | null; lines?: LineInput[] },
) => (await api.post(`/api/quotes/${enc(id)}/revisions`, input)) as QuoteView;

export const markQuoteSent = async (id: string) =>
  (await api.post(`/api/quotes/${enc(id)}/send`)) as QuoteView;

export const createQuoteLink = async (id: string) =>
  (await api.post(`/api/quotes/${enc(id)}/link`, {})) as QuoteLink;

export const quotePdfUrl = (id: string, revision?: number) =>
  `/api/quotes/${enc(id)}/pdf${query({ revision })}`;

export const fetchLeads = async (filters: LeadFilters, cursor?: string, signal?: AbortSignal) =>
  (await api.get(`/api/leads${query({ ...filters, cursor, limit: 50 })}`, { signal })) as LeadPage;

export interface LeadFilters {
  status?: string;
  q?: string;
  converted?: boolean;
}

export const fetchLead = async (id: string, signal?: AbortSignal) =>
  (await api.get(`/api/leads/${enc(id)}`, { signal })) as LeadView;

export const createLead = async (input: LeadCreate) => (await api.post('/api/leads', input)) as LeadView;

export const updateLead = async (id: string, input: LeadUpdate) =>
  (await api.patch(`/api/leads/${enc(id)}`, input)) as LeadView;

export const convertLead = async (id: string, input: ConvertInput) =>
  (await api.post(`/api/leads/${enc(id)}/convert`, input)) as Conversion;

export const fetchPerson = async (id: string, signal?: AbortSignal) =>
  (await api.get(`/api/people/${enc(id)}`, { signal })) as Person;

export const fetchAccount = async (id: string, signal?: AbortSignal) =>
  (await api.get(`/api/accounts/${enc(id)}`, { signal })) as Account;

export const fetchProducts = async (signal?: AbortSignal) =>
  ((await api.get('/api/products?limit=500&active=true', { signal })) as { items: Product[] }).items;

/** The customer's side: the quote through its link, without a session. */
export const fetchPublicQuote = async (token: string, signal?: AbortSignal) =>
  (await api.get(`/api/public/quotes/${enc(token)}`, { signal })) as PublicQuote;

export const acceptPublicQuote = async (token: string, revision: number, name: string) =>
  (await api.post(`/api/public/quotes/${enc(token)}/accept`, { revision, name })) as PublicQuote;

export const declinePublicQuote = async (token: string, reason?: string) =>
  (await api.post(`/api/public/quotes/${enc(token)}/decline`, reason ? { reason } : {})) as PublicQuote;

export const publicPdfUrl = (token: string) => `/api/public/quotes/${enc(token)}/pdf`;
export const publicLogoUrl = (token: string) => `/api/public/quotes/${enc(token)}/logo`;
