/** The server's password rules (src/platform/passwords.ts), checked before sending. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/** What is wrong with a new password, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `The password must be at most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}

/** What is wrong with a new password and its repetition, naming which field, or null. */
export function newPasswordProblem(
  password: string,
  repeat: string,
): { field: 'password' | 'repeat'; message: string } | null {
  const problem = passwordProblem(password);
  if (problem) return { field: 'password', message: problem };
  if (repeat !== password) return { field: 'repeat', message: 'The two new passwords differ.' };
  return null;
}
