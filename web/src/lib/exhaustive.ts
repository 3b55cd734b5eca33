/**
 * The web app may import only types from `src/` (the import rule), so a list it needs at run time
 * (the lifecycle stages of a select, the channels of a filter) is written out here in web/src. This
 * checks such a list against the server's union type when the app compiles: a member it misses, or
 * one the server does not have, fails the build, so the two cannot drift apart.
 *
 *   export const STAGES = allOf<LifecycleStage>()(['awareness', 'knowledge', ...]);
 */
export const allOf =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & Missing<T, A[number]>): A =>
    values;

type Missing<T, Listed> = [Exclude<T, Listed>] extends [never] ? unknown : { missing: Exclude<T, Listed> };
