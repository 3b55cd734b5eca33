/** The HTTP server: every slice's routes composed, authentication, the OpenAPI document, errors. */
export { type AppOptions, buildApp } from './app';
export { allJobHandlers } from './job-handlers';
export { type RunningRapport, type StartOptions, startRapport } from './server';
export type { Health } from './health';
