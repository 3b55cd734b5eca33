/** A small inline loading indicator with a label for screen readers. */
export function Spinner({ label }: { label: string }) {
  return (
    <span className="inline-status" role="status">
      <span className="spinner spinner--inline" aria-hidden="true" />
      <span>{label}</span>
    </span>
  );
}
