import { AppError, invalid, RateLimiter } from '../../platform/index';
import type { LeadDraft } from './leads';
import { leadText } from './leads';
import type { PublicForm } from './forms';

/** The fields a site's form may send, by the names it may use for them. */
const FIELD_NAMES: Record<string, keyof ReturnType<typeof leadText> | 'name'> = {
  firstName: 'firstName',
  first_name: 'firstName',
  lastName: 'lastName',
  last_name: 'lastName',
  name: 'name',
  email: 'email',
  phone: 'phone',
  company: 'company',
  jobTitle: 'jobTitle',
  job_title: 'jobTitle',
  title: 'jobTitle',
  website: 'website',
  message: 'message',
  campaign: 'campaign',
  utm_campaign: 'campaign',
};

const LIMITS: Record<string, number> = {
  firstName: 200,
  lastName: 200,
  name: 400,
  email: 320,
  phone: 50,
  company: 200,
  jobTitle: 200,
  website: 300,
  message: 5000,
  campaign: 200,
};

/** The posted fields as a lead of the form, or a 400 naming the field; other fields are ignored. */
export function readPostedLead(body: unknown, form: PublicForm): LeadDraft {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('body', 'send the form fields (JSON object or form encoding)');
  const given: Record<string, string> = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const field = FIELD_NAMES[name];
    if (!field || value === undefined || value === null) continue;
    if (typeof value !== 'string') throw invalid(name, 'must be text');
    const max = LIMITS[field] ?? 200;
    if (value.length > max) throw invalid(name, `must be at most ${max} characters`);
    if (value.trim()) given[field] = value;
  }
  if (given.name && !given.firstName && !given.lastName) {
    const [first, ...rest] = given.name.trim().split(/\s+/);
    given.firstName = first ?? '';
    if (rest.length > 0) given.lastName = rest.join(' ');
  }
  const text = leadText(given);
  if (text.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.email))
    throw invalid('email', 'is not an email address');
  return {
    ...text,
    campaign: text.campaign ?? form.campaign,
    source: form.source,
    ownerId: form.ownerId,
    teamId: form.teamId,
    formId: form.id,
    idempotencyKey: null,
  };
}

/** True when the honeypot field (hidden from people, filled by bots) has anything in it. */
export function isBot(body: unknown, form: PublicForm): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const value = (body as Record<string, unknown>)[form.honeypotField];
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

/**
 * Per-minute limits of the public form, per form and per sending address, each with the form's own
 * limit (a changed limit takes effect with the form's next look-up).
 */
export class FormLimits {
  private readonly perForm = new Map<string, RateLimiter>();
  private readonly perAddress = new Map<string, RateLimiter>();

  /** Counts the post; a 429 with the seconds to wait when the form or the address is over its limit. */
  hit(form: PublicForm, address: string): void {
    const byForm = limiter(this.perForm, form.id, form.perMinute);
    const byAddress = limiter(this.perAddress, form.id, form.perAddressPerMinute);
    const wait = Math.max(byAddress.retryAfter(address), byForm.retryAfter(form.id));
    if (wait > 0)
      throw new AppError('rate_limited', `Too many submissions; try again in ${wait} s`, undefined, {
        retryAfter: wait,
      });
    byAddress.hit(address);
    byForm.hit(form.id);
  }
}

function limiter(map: Map<string, RateLimiter>, id: string, perMinute: number): RateLimiter {
  let found = map.get(id);
  if (!found || found.limit !== perMinute) {
    found = new RateLimiter(perMinute, 60_000);
    map.set(id, found);
  }
  return found;
}
