import Link from "next/link";
import { filtersQuery, pageQuery, type ExplorerState } from "./explorer-params";
import styles from "./explorer.module.css";

/**
 * Keyset pages as real links: each page has its own URL (shareable; back and forward return to
 * it), and rows a sync adds while you read never shift a page.
 */
export function ExplorerPager({ state, nextCursor, prevCursor, shown, pageSize }: { state: ExplorerState; nextCursor: string | null; prevCursor: string | null; shown: number; pageSize: number }) {
  if (!nextCursor && !prevCursor) return null;
  const start = (state.page - 1) * pageSize + 1;
  return (
    <nav className={styles.pager} aria-label="Pages">
      {prevCursor ? (
        <>
          <Link className="button" href={`?${filtersQuery(state.filters)}`} scroll={false}>
            First page
          </Link>
          <Link className="button" rel="prev" href={`?${pageQuery(state.filters, { before: prevCursor }, Math.max(1, state.page - 1))}`} scroll={false}>
            Previous page
          </Link>
        </>
      ) : null}
      <span className={`muted ${styles.pageInfo}`}>
        {shown > 0 ? `Rows ${start.toLocaleString()}–${(start + shown - 1).toLocaleString()}` : "No rows"}
      </span>
      {nextCursor && (
        <Link className="button" rel="next" href={`?${pageQuery(state.filters, { after: nextCursor }, state.page + 1)}`} scroll={false}>
          Next page
        </Link>
      )}
    </nav>
  );
}
