import styles from "./shell.module.css";

/** Grey placeholder blocks in the shape of what is loading; announced once as "Loading". */
export function Skeleton({ lines = 3, label = "Loading" }: { lines?: number; label?: string }) {
  return (
    <div className={styles.skeleton} aria-busy="true" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, index) => (
        <span key={index} className={styles.skeletonLine} style={{ width: `${90 - ((index * 17) % 40)}%` }} />
      ))}
    </div>
  );
}

/** A page's loading state: a title bar and a few cards. */
export function PageSkeleton({ title, cards = 3 }: { title: string; cards?: number }) {
  return (
    <div className="stack">
      <h1>{title}</h1>
      {Array.from({ length: cards }, (_, index) => (
        <div key={index} className="card">
          <Skeleton lines={index === 0 ? 2 : 4} label={`Loading ${title.toLowerCase()}`} />
        </div>
      ))}
    </div>
  );
}
