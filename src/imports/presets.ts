import { invalid } from '../platform/index';
import type { ColumnMapping } from './csv/mapping';
import type { ImportKindName, ImportSettings, ReadSettings } from './kind';

export interface Preset {
  description: string;
  kind: ImportKindName;
  settings: ReadSettings;
  mapping: ColumnMapping<string>;
}

/** Known files, read as they are: `--preset <name>` (CLI) or `preset=<name>` (POST /api/imports). */
export const PRESETS: Readonly<Record<string, Preset>> = {
  /**
   * Fader and Hardie's CDNOW purchases: space-padded columns, CRLF line ends, dates YYYYMMDD.
   * `CDNOW_master.txt` has four values a line (customer id, date, number of CDs, dollar value) under
   * a header line; `CDNOW_sample.txt` has five (master id, sample id, date, CDs, dollars) and no
   * header: the customer is the master id, so both files name a customer alike.
   */
  cdnow: {
    description:
      'CDNOW_master.txt or CDNOW_sample.txt: customer, date YYYYMMDD, CDs, dollars (whitespace-separated)',
    kind: 'orders',
    settings: {
      format: 'whitespace',
      columns: {
        4: ['customer', 'date', 'quantity', 'amount'],
        5: ['customer', '-', 'date', 'quantity', 'amount'],
      },
      dateFormat: 'YYYYMMDD',
      source: 'cdnow',
      channel: 'web',
    },
    mapping: {},
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);

/**
 * The settings and mapping a run reads with: the preset's (if one is named) under those given.
 * Throws an AppError (400) for an unknown preset, or one made for another kind of file.
 */
export function applyPreset(
  kind: ImportKindName,
  settings: ImportSettings,
  mapping: ColumnMapping<string>,
): { settings: ReadSettings; mapping: ColumnMapping<string> } {
  const given = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  if (settings.preset === undefined) return { settings: given, mapping };
  const preset = PRESETS[settings.preset];
  if (!preset) throw invalid('preset', `"${settings.preset}" is not one of ${PRESET_NAMES.join(', ')}`);
  if (preset.kind !== kind)
    throw invalid('preset', `${settings.preset} is a preset for ${preset.kind} files`);
  return { settings: { ...preset.settings, ...given }, mapping: { ...preset.mapping, ...mapping } };
}
