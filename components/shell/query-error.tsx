"use client";

/** What a section shows when its data failed to load: what happened, and *Try again*. */
export function QueryError({ what, message, onRetry }: { what: string; message: string; onRetry: () => void }) {
  return (
    <div role="alert" className="form-error query-error">
      <span>
        {what} could not be loaded: {message}
      </span>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
