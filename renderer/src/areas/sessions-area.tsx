/** Sessions are recorded by the sessions issue (#8); until then this area says so instead of pretending. */
export function SessionsArea() {
  return (
    <div className="area-body">
      <h2>Sessions</h2>
      <p className="coming">
        Recorded benchmark sessions (crash-safe recording, statistics, comparison, CSV/JSON/Markdown/HTML export) arrive with issue #8. Until then use
        <code> fsw run --json</code> to keep results.
      </p>
    </div>
  );
}
