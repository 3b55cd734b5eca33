import { type FormEvent, type Ref, useEffect, useId, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../lib/api';
import { useSession } from './session';

type Field = 'workspace' | 'email' | 'password';

const DEFAULT_WORKSPACE = 'demo';

interface TextFieldProps {
  label: string;
  name: Field;
  type: 'text' | 'email' | 'password';
  value: string;
  onChange(value: string): void;
  autoComplete: string;
  invalid: boolean;
  errorId: string;
  inputRef?: Ref<HTMLInputElement>;
}

function TextField({
  label,
  name,
  type,
  value,
  onChange,
  autoComplete,
  invalid,
  errorId,
  inputRef,
}: TextFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        className="field__input"
        name={name}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete={autoComplete}
        required
        spellCheck={false}
        autoCapitalize="none"
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
      />
    </div>
  );
}

export function LoginPage() {
  const { login } = useSession();
  // A link may name the workspace and email (the reset page's "Log in" does).
  const [given] = useState(() => new URLSearchParams(window.location.search));
  const [workspace, setWorkspace] = useState(given.get('workspace') || DEFAULT_WORKSPACE);
  const [email, setEmail] = useState(given.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ message: string; field: Field | null } | null>(null);
  const errorId = useId();
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Log in · Rapport';
    emailRef.current?.focus();
  }, []);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      // On success the session becomes authenticated and <Routes> redirects away from /login.
      await login({ workspace: workspace.trim(), email: email.trim(), password });
    } catch (caught) {
      const field = caught instanceof ApiError ? caught.field : undefined;
      setError({
        message: errorMessage(caught),
        field: field === 'workspace' || field === 'email' || field === 'password' ? field : null,
      });
      setSubmitting(false);
    }
  };

  return (
    <div className="login">
      <main className="login__card">
        <div className="brand brand--large" aria-hidden="true">
          <span className="brand__mark">R</span>
          <span className="brand__name">Rapport</span>
        </div>
        <h1 className="login__title">Log in</h1>
        <p className="login__subtitle">Sign in to your workspace.</p>
        {error ? (
          <p id={errorId} className="alert alert--error" role="alert">
            {error.message}
          </p>
        ) : null}
        <form className="form" onSubmit={handleSubmit}>
          <TextField
            label="Workspace"
            name="workspace"
            type="text"
            value={workspace}
            onChange={setWorkspace}
            autoComplete="organization"
            invalid={error?.field === 'workspace'}
            errorId={errorId}
          />
          <TextField
            label="Email"
            name="email"
            type="email"
            value={email}
            onChange={setEmail}
            autoComplete="username"
            invalid={error?.field === 'email'}
            errorId={errorId}
            inputRef={emailRef}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            invalid={error?.field === 'password'}
            errorId={errorId}
          />
          <button type="submit" className="button button--primary button--block" disabled={submitting}>
            {submitting ? 'Logging in…' : 'Log in'}
          </button>
        </form>
      </main>
    </div>
  );
}
