import { type FormEvent, useEffect, useRef, useState } from 'react';
import { LIFECYCLE_STAGES } from '../lib/vocabulary';
import { humanise } from '../customers/format';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import type { AttributeDefinition } from './list-api';
import {
  ATTRIBUTE_OPS,
  type AttributeOp,
  attributeParam,
  type ListKind,
  parseAttributeParam,
} from './list-query';

interface FilterBarProps {
  kind: ListKind;
  filters: Record<string, string>;
  onChange(filters: Record<string, string>): void;
  attributes: readonly AttributeDefinition[];
  users: readonly { id: string; name: string }[];
  tags: readonly string[];
}

const ANY = { value: '', label: 'Any' };

/** The list's filters: name, stage (people), owner, tag, and custom attributes; each active filter as a removable chip. */
export function FilterBar({ kind, filters, onChange, attributes, users, tags }: FilterBarProps) {
  const set = (param: string, value: string) => {
    const next = { ...filters };
    if (value === '') delete next[param];
    else next[param] = value;
    onChange(next);
  };
  const userName = (id: string) => users.find((u) => u.id === id)?.name ?? id;
  const attrLabel = (key: string) => attributes.find((a) => a.key === key)?.label ?? key;

  return (
    <>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is not in React's element types yet */}
      <div className="toolbar" role="search" aria-label={`Filter ${kind}`}>
        <NameFilter value={filters.namePrefix ?? ''} onChange={(v) => set('namePrefix', v)} />
        {kind === 'people' ? (
          <SelectField
            label="Stage"
            value={filters.lifecycleStage ?? ''}
            onChange={(e) => set('lifecycleStage', e.target.value)}
            options={[ANY, ...LIFECYCLE_STAGES.map((s) => ({ value: s, label: humanise(s) }))]}
          />
        ) : (
          <TextField
            label="Industry"
            value={filters.industry ?? ''}
            onChange={(e) => set('industry', e.target.value)}
          />
        )}
        <SelectField
          label="Owner"
          value={filters.ownerId ?? ''}
          onChange={(e) => set('ownerId', e.target.value)}
          options={[ANY, ...users.map((u) => ({ value: u.id, label: u.name }))]}
        />
        <SelectField
          label="Tag"
          value={filters.tag ?? ''}
          onChange={(e) => set('tag', e.target.value)}
          options={[
            ANY,
            ...[...new Set([...tags, ...(filters.tag ? [filters.tag] : [])])].map((t) => ({
              value: t,
              label: t,
            })),
          ]}
        />
        {attributes.length > 0 ? (
          <AttributeFilterForm attributes={attributes} onAdd={(param, value) => set(param, value)} />
        ) : null}
      </div>
      <ul className="chips" aria-label="Active filters">
        {Object.entries(filters).map(([param, value]) => {
          const attr = parseAttributeParam(param);
          const label = attr
            ? `${attrLabel(attr.key)} ${ATTRIBUTE_OPS.find((o) => o.op === attr.op)?.label ?? ''} ${value}`
            : param === 'ownerId'
              ? `Owner: ${userName(value)}`
              : param === 'lifecycleStage'
                ? `Stage: ${humanise(value)}`
                : param === 'namePrefix'
                  ? `Name starts with “${value}”`
                  : `${humanise(param)}: ${value}`;
          return (
            <li key={param} className="chip">
              <span>{label}</span>
              <button
                type="button"
                className="chip__remove"
                aria-label={`Remove filter ${label}`}
                onClick={() => set(param, '')}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Typing filters after a pause, so the list is not fetched on every keystroke. */
function NameFilter({ value, onChange }: { value: string; onChange(value: string): void }) {
  const [text, setText] = useState(value);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => setText(value), [value]);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return (
    <TextField
      label="Name starts with"
      type="search"
      value={text}
      onChange={(e) => {
        const typed = e.target.value;
        setText(typed);
        window.clearTimeout(timer.current);
        timer.current = window.setTimeout(() => latest.current(typed.trim()), 250);
      }}
    />
  );
}

function AttributeFilterForm({
  attributes,
  onAdd,
}: {
  attributes: readonly AttributeDefinition[];
  onAdd(param: string, value: string): void;
}) {
  const [key, setKey] = useState(attributes[0]?.key ?? '');
  const [op, setOp] = useState<AttributeOp>('eq');
  const [value, setValue] = useState('');
  const def = attributes.find((a) => a.key === key) ?? attributes[0];
  const ordered = def?.type === 'number' || def?.type === 'date';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!def || value.trim() === '') return;
    onAdd(attributeParam(def.key, ordered ? op : 'eq'), value.trim());
    setValue('');
  };
  return (
    <form className="toolbar" onSubmit={submit} aria-label="Attribute filter" style={{ margin: 0 }}>
      <SelectField
        label="Attribute"
        value={def?.key ?? ''}
        onChange={(e) => {
          setKey(e.target.value);
          setValue('');
        }}
        options={attributes.map((a) => ({ value: a.key, label: a.label }))}
      />
      {ordered ? (
        <SelectField
          label="Condition"
          value={op}
          onChange={(e) => setOp(e.target.value as AttributeOp)}
          options={ATTRIBUTE_OPS.map((o) => ({ value: o.op, label: o.label }))}
        />
      ) : null}
      {def?.type === 'choice' || def?.type === 'boolean' ? (
        <SelectField
          label="Value"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          options={[
            { value: '', label: 'Choose…' },
            ...(def.type === 'boolean'
              ? [
                  { value: 'true', label: 'Yes' },
                  { value: 'false', label: 'No' },
                ]
              : (def.options ?? []).map((o) => ({ value: o, label: o }))),
          ]}
        />
      ) : (
        <TextField
          label="Value"
          type={def?.type === 'number' ? 'number' : def?.type === 'date' ? 'date' : 'text'}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      )}
      <Button type="submit" disabled={value.trim() === ''}>
        Add filter
      </Button>
    </form>
  );
}
