import { type FormEvent, useEffect, useState } from 'react';
import { Link, useRouter } from '../app/router';
import { LOGIN_PATH } from '../app/routes';
import { ApiError, errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { fetchResetLink, resetPassword } from './api';
import { NewPasswordFields } from './NewPasswordFields';
import { newPasswordProblem } from './password-rules';

type State =
  | { status: 'checking' }
  | { status: 'invalid'; message: string }
  | { status: 'ready'; email: string; workspace: string }
  | { status: 'done'; email: string; workspace: string };

/** /reset-password?token=…: sets a new password with a one-time link an admin made (no session needed). */
export function ResetPasswordPage() {
  const { location } = useRouter();
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const [state, setState] = useState<State>({ status: 'checking' });

  useEffect(() => {
    document.title = 'Set a new password · Rapport';
    if (!token) {
      setState({
        status: 'invalid',
        message: 'This address has no reset link in it. Ask an admin for a new one.',
      });
      return;
    }
    const controller = new AbortController();
    fetchResetLink(token, controller.signal).then(
      (link) => setState({ status: 'ready', email: link.email, workspace: link.workspace }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'invalid', message: `${errorMessage(error)} Ask an admin for a new link.` });
      },
    );
    return () => controller.abort();
  }, [token]);

  return (
    <div className="login">
      <main className="login__card">
        <div className="brand brand--large" aria-hidden="true">
          <span className="brand__mark">R</span>
          <span className="brand__name">Rapport</span>
        </div>
        <h1 className="login__title">Set a new password</h1>
        {state.status === 'checking' ? (
          <p className="login__subtitle">Checking the link…</p>
        ) : state.status === 'invalid' ? (
          <>
            <p className="alert alert--error" role="alert">
              {state.message}
            </p>
            <p>
              <Link to={LOGIN_PATH}>Go to the login page</Link>
            </p>
          </>
        ) : state.status === 'done' ? (
          <>
            <p
              className="alert"
              role="status"
              style={{ border: '1px solid var(--color-success)', color: 'var(--color-success)' }}
            >
              Your password is set, and every earlier session has ended.
            </p>
            <p>
              <Link
                to={`${LOGIN_PATH}?${new URLSearchParams({ workspace: state.workspace, email: state.email }).toString()}`}
              >
                Log in to {state.workspace}
              </Link>{' '}
              as {state.email} with the new password.
            </p>
          </>
        ) : (
          <NewPasswordForm
            email={state.email}
            workspace={state.workspace}
            onSave={async (password) => {
              const done = await resetPassword(token, password);
              setState({ status: 'done', ...done });
            }}
          />
        )}
      </main>
    </div>
  );
}

function NewPasswordForm({
  email,
  workspace,
  onSave,
}: {
  email: string;
  workspace: string;
  onSave(password: string): Promise<void>;
}) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'password' | 'repeat' | null; message: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(password, repeat);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await onSave(password);
    } catch (caught) {
      const field = caught instanceof ApiError && caught.field === 'password' ? 'password' : null;
      setError({ field, message: errorMessage(caught) });
      setBusy(false);
    }
  };
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-label="Choose a new password">
      <p className="login__subtitle">
        For {email} in workspace {workspace}.
      </p>
      {error && error.field === null ? (
        <p className="alert alert--error" role="alert">
          {error.message}
        </p>
      ) : null}
      {/* The account name, for password managers. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <NewPasswordFields
        autoFocus
        password={password}
        repeat={repeat}
        onPassword={setPassword}
        onRepeat={setRepeat}
        passwordError={error?.field === 'password' ? error.message : null}
        repeatError={error?.field === 'repeat' ? error.message : null}
      />
      <Button type="submit" variant="primary" className="button--block" busy={busy}>
        Set password
      </Button>
    </form>
  );
}
