import type { Channel } from '../tables';
import type { Mapping } from './mapping';
import type { FileFormat } from './read';

export interface Preset {
  description: string;
  format: FileFormat;
  columns?: readonly string[];
  dateFormat?: string;
  source: string;
  channel: Channel;
  mapping: Mapping;
}

/** Known files, read as they are. */
export const PRESETS = {
  /**
   * Fader and Hardie's CDNOW purchases (`CDNOW_master.txt`): space-padded columns, CRLF line ends,
   * customer id, date YYYYMMDD, number of CDs, dollar value; a header line is skipped when present.
   * For `CDNOW_sample.txt` (master id, sample id, date, CDs, dollars) add
   * `--columns customer,-,date,quantity,amount`.
   */
  cdnow: {
    description: 'CDNOW_master.txt: customer, date YYYYMMDD, CDs, dollars (whitespace-separated)',
    format: 'whitespace',
    columns: ['customer', 'date', 'quantity', 'amount'],
    dateFormat: 'YYYYMMDD',
    source: 'cdnow',
    channel: 'web',
    mapping: {},
  },
} as const satisfies Record<string, Preset>;
