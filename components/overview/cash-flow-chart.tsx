import { toPlotNumber } from "./decimal";
import { formatMoney, formatMonth } from "./format";
import styles from "./overview.module.css";

interface MonthFlow {
  month: string;
  spending: string;
  income: string;
}

const WIDTH = 600;
const HEIGHT = 200;
const AXIS = 26;

/**
 * Paired bars per month, hand-rolled SVG (no chart library in the bundle). The figures are also
 * in a visually hidden table, which is what screen readers read.
 */
export function CashFlowChart({ months, currency }: { months: MonthFlow[]; currency: string | null }) {
  const largest = Math.max(1, ...months.flatMap((month) => [toPlotNumber(month.spending), toPlotNumber(month.income)]));
  const slot = WIDTH / months.length;
  const bar = Math.min(18, slot / 2 - 4);
  const plot = HEIGHT - AXIS;
  const height = (amount: string) => Math.max(toPlotNumber(amount) > 0 ? 1 : 0, (toPlotNumber(amount) / largest) * (plot - 4));
  return (
    <>
      <svg className={styles.chart} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
        <line className={styles.axis} x1={0} x2={WIDTH} y1={plot} y2={plot} />
        {months.map((month, index) => {
          const center = slot * index + slot / 2;
          return (
            <g key={month.month}>
              <rect className={styles.income} x={center - bar - 1} y={plot - height(month.income)} width={bar} height={height(month.income)} rx={2} />
              <rect className={styles.spending} x={center + 1} y={plot - height(month.spending)} width={bar} height={height(month.spending)} rx={2} />
              <text x={center} y={HEIGHT - 5} textAnchor="middle">
                {formatMonth(month.month, "short").slice(0, 3)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>Income and spending per month{currency ? ` in ${currency}` : ""}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Income</th>
            <th scope="col">Spending</th>
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.month}>
              <th scope="row">{formatMonth(month.month)}</th>
              <td>{formatMoney(month.income, currency)}</td>
              <td>{formatMoney(month.spending, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
