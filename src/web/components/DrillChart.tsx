/**
 * A chart whose every bar or point drills down to the conversations behind it: click the chart,
 * or use the data table below it (links, for keyboard and screen-reader users).
 */
import { useCallback, type ReactNode } from 'react';
import { EChart, type ChartOption } from './EChart';
import { navigate } from '../lib/router';

export interface DrillRow {
  label: string;
  value: ReactNode;
  /** Hash link to the conversations behind this row. */
  href: string;
}

export function DrillChart({ title, option, rows, height }: { title: string; option: ChartOption; rows: DrillRow[]; height?: number }) {
  const onSelect = useCallback((index: number) => {
    const row = rows[index];
    if (row) navigate(row.href);
  }, [rows]);
  return (
    <figure className="panel chart-panel">
      <figcaption className="panel-title">{title}</figcaption>
      <EChart option={option} onSelect={onSelect} label={`${title}（点击柱或点查看对应会话）`} {...(height ? { height } : {})} />
      <details className="chart-table">
        <summary>数据明细</summary>
        <table>
          <tbody>
            {rows.map((row) => (
              <tr key={row.href}>
                <th scope="row">
                  <a href={row.href}>{row.label}</a>
                </th>
                <td>{row.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
