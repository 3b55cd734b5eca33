import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type {} from '@fastify/cookie';
import type {} from '@fastify/swagger';
import { type Static, type StaticDecode, type TSchema, Type } from 'typebox';
import type { Config } from '../config';
import type { Database, Db } from '../db/index';
import { AppError } from './errors';
import type { ResolvedSession } from './auth';
import type { Principal } from './permissions';

/**
 * TypeBox's type provider, but a handler's answer is checked against the decoded side of its
 * response schema: a `DateTime` accepts the `Date` a service returns, while the type the web app
 * reads (`Static`, the encoded side) says string.
 */
export interface ApiTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? StaticDecode<this['schema']> : unknown;
}

/** The Fastify instance every slice registers its routes on. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ApiTypeProvider
>;

export interface RouteDeps {
  readonly db: Db;
  /** The settings the server was started with (src/config.ts). */
  readonly config: Config;
  /** The database behind `db`: its kind, and a server's connection settings (for LISTEN). */
  readonly database?: Database;
}

/**
 * Whether cookies set for this request are `Secure`: when Rapport is configured to be served over
 * https (PUBLIC_URL), or the request came over https (directly, or as a trusted proxy says).
 */
export function secureCookies(request: FastifyRequest, config: Config): boolean {
  return config.publicUrl?.startsWith('https:') === true || request.protocol === 'https';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /** Set when the caller authenticated with the session cookie (writes then need the CSRF header). */
    sessionCsrfToken: string | undefined;
    /** The session (user, workspace, CSRF token) when the caller authenticated with the cookie. */
    session: ResolvedSession | undefined;
  }
}

/** The authenticated caller, with this request's id for the audit log; 401 when there is none. */
export function actorOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'Log in or send an API token');
  return { ...request.principal, requestId: request.id };
}

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      field: Type.Optional(Type.String()),
    }),
  },
  { $id: 'Error' },
);

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
