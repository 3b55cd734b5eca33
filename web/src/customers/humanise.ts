/** A human label for a snake_case code: `pre_sales` -> `Pre sales`. */
export function humanise(code: string): string {
  const text = code.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
