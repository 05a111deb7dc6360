import { toPlotNumber } from "@/components/overview/decimal";
import { formatDay, formatSigned } from "./forecast-format";
import styles from "./forecast.module.css";

const WIDTH = 600;
const HEIGHT = 220;
const BOTTOM = 28;
const LEFT = 4;

interface Point {
  date: string;
  balance: string;
}

/**
 * The projected balance per day as a line, hand-rolled SVG like the cash-flow chart. Drawing only
 * (aria-hidden): the lowest point is said in words above it, and every day's figure is in the
 * table under it; the expected events are listed beside it.
 */
export function ForecastChart({ points, lowest, currency }: { points: Point[]; lowest: Point; currency: string }) {
  const values = points.map((point) => toPlotNumber(point.balance));
  const top = Math.max(0, ...values);
  const bottom = Math.min(0, ...values);
  const span = top - bottom || 1;
  const plot = HEIGHT - BOTTOM;
  const x = (index: number) => LEFT + (index / Math.max(1, points.length - 1)) * (WIDTH - 2 * LEFT);
  const y = (value: number) => 8 + ((top - value) / span) * (plot - 16);
  const path = values.map((value, index) => `${index === 0 ? "M" : "L"}${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
  const lowestIndex = Math.max(0, points.findIndex((point) => point.date === lowest.date));
  const labels = [0, Math.floor((points.length - 1) / 2), points.length - 1];
  return (
    <>
      <svg className={styles.chart} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
        <path className={styles.area} d={`${path} L${x(points.length - 1).toFixed(1)},${y(bottom).toFixed(1)} L${x(0).toFixed(1)},${y(bottom).toFixed(1)} Z`} />
        <line className={styles.axis} x1={0} x2={WIDTH} y1={plot} y2={plot} />
        {bottom < 0 && <line className={styles.zero} x1={0} x2={WIDTH} y1={y(0)} y2={y(0)} />}
        <path className={styles.line} d={path} />
        <circle className={styles.lowest} cx={x(lowestIndex)} cy={y(values[lowestIndex] ?? 0)} r={6} />
        {labels.map((index, position) => {
          const point = points[index];
          if (!point) return null;
          return (
            <text key={index} x={x(index)} y={HEIGHT - 6} textAnchor={position === 0 ? "start" : position === 2 ? "end" : "middle"}>
              {formatDay(point.date)}
            </text>
          );
        })}
      </svg>
      <details className={styles.details}>
        <summary>Every day&apos;s projected balance as a table</summary>
        {/* Scrolls on its own: focusable and named, so a keyboard can scroll it too. */}
        <div className={styles.tableWrap} tabIndex={0} role="region" aria-label={`Projected balance per day in ${currency}`}>
          <table className={styles.table}>
            <caption className="sr-only">Projected balance per day in {currency}</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Projected balance</th>
              </tr>
            </thead>
            <tbody>
              {points.map((point) => (
                <tr key={point.date}>
                  <th scope="row">{formatDay(point.date)}</th>
                  <td>{formatSigned(point.balance, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
