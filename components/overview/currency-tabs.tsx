import styles from "./overview.module.css";

/** With more than one currency, pick which one a chart shows (never a mixed total). */
export function CurrencyTabs({ currencies, value, onChange, label }: { currencies: (string | null)[]; value: string | null; onChange: (currency: string | null) => void; label: string }) {
  if (currencies.length < 2) return null;
  return (
    <div role="group" aria-label={label} className={styles.tabs}>
      {currencies.map((currency) => (
        <button key={currency ?? "none"} type="button" className="button" aria-pressed={currency === value} onClick={() => onChange(currency)}>
          {currency ?? "—"}
        </button>
      ))}
    </div>
  );
}
