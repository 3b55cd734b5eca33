import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

interface FieldShellProps {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  /** The field is shown but may not be changed (e.g. the role may not edit it). */
  readOnly?: boolean;
  children: (ids: { inputId: string; describedBy: string | undefined }) => ReactNode;
  className?: string;
}

/** Label, control, hint and error, wired together for screen readers. */
function FieldShell({ label, hint, error, readOnly, children, className }: FieldShellProps) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${readOnly ? ' field--readonly' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={inputId}>
        {label}
        {readOnly ? <span className="field__lock"> (read-only)</span> : null}
      </label>
      {children({ inputId, describedBy })}
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

type Common = { label: string; hint?: ReactNode; error?: string | null; fieldClassName?: string };

export function TextField({
  label,
  hint,
  error,
  readOnly,
  fieldClassName,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} hint={hint} error={error} readOnly={readOnly} className={fieldClassName}>
      {({ inputId, describedBy }) => (
        <input
          id={inputId}
          className="field__input"
          readOnly={readOnly}
          aria-readonly={readOnly || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
      )}
    </FieldShell>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  readOnly,
  fieldClassName,
  ...input
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} hint={hint} error={error} readOnly={readOnly} className={fieldClassName}>
      {({ inputId, describedBy }) => (
        <textarea
          id={inputId}
          className="field__input field__input--area"
          readOnly={readOnly}
          aria-readonly={readOnly || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
      )}
    </FieldShell>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function SelectField({
  label,
  hint,
  error,
  options,
  readOnly,
  fieldClassName,
  ...select
}: Common & {
  options: readonly SelectOption[];
  readOnly?: boolean;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldShell label={label} hint={hint} error={error} readOnly={readOnly} className={fieldClassName}>
      {({ inputId, describedBy }) => (
        <select
          id={inputId}
          className="field__input"
          // A <select> has no readOnly: disable it, and say so to assistive technology.
          disabled={readOnly || select.disabled}
          aria-readonly={readOnly || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...select}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
