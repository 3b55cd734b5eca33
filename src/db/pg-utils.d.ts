/** node-postgres's own value conversion and quoting (not in @types/pg). */
declare module 'pg/lib/utils.js' {
  const utils: {
    /** A parameter's value as node-postgres sends it: text, a Buffer for binary data, or null. */
    prepareValue(value: unknown): unknown;
    /** A string as a quoted SQL literal (E'...' when it holds a backslash). */
    escapeLiteral(value: string): string;
  };
  export default utils;
}
