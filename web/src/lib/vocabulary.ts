/**
 * The server's fixed lists that the web app needs at run time (the options of a select, the columns
 * of the consent table), in the order the app shows them. Each is checked against the server's type
 * when the app compiles (`allOf`): a value added to or dropped from the server's list fails the build.
 */
import type { ConsentChannel, ConsentPurpose, LifecycleStage } from '../../../src/customers/index';
import type { Channel } from '../../../src/interactions/index';
import { allOf } from './exhaustive';

export const LIFECYCLE_STAGES = allOf<LifecycleStage>()([
  'awareness',
  'knowledge',
  'consideration',
  'pre_sales',
  'evaluation',
  'customer',
  'retained',
  'expanded',
  'churned',
]);

export const CHANNELS = allOf<Channel>()([
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
]);

export const CONSENT_CHANNELS = allOf<ConsentChannel>()(['email', 'sms', 'phone', 'mail', 'push']);
export const CONSENT_PURPOSES = allOf<ConsentPurpose>()(['marketing', 'service']);

export type { Channel, ConsentChannel, ConsentPurpose, LifecycleStage };
