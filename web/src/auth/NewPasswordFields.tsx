import { TextField } from '../ui/Field';
import { MIN_PASSWORD_LENGTH } from './password-rules';

/** "New password" and "Repeat the new password", as both the change and the reset forms ask them. */
export function NewPasswordFields(props: {
  password: string;
  repeat: string;
  onPassword(value: string): void;
  onRepeat(value: string): void;
  passwordError: string | null;
  repeatError: string | null;
  autoFocus?: boolean;
}) {
  return (
    <>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus={props.autoFocus}
        minLength={MIN_PASSWORD_LENGTH}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        value={props.password}
        onChange={(e) => props.onPassword(e.target.value)}
        error={props.passwordError}
      />
      <TextField
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
        value={props.repeat}
        onChange={(e) => props.onRepeat(e.target.value)}
        error={props.repeatError}
      />
    </>
  );
}
