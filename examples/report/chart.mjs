// The report's SVG line charts: axes fitted to the data (a log axis where the values span a
// wide range, zoomed past the first epochs to where the curves differ), a legend, and hover
// values — pure CSS, no script: hovering (or tapping) an epoch shows every curve's value there.
// Logarithms come from descent's log kernel, as everywhere in descent.
import * as d from 'descent-ml';

const FONT = 'font-family="system-ui, sans-serif"';
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Natural logs of positive values by descent (NaN elsewhere). */
function logs(values) {
  if (values.length === 0) return [];
  const out = d.tidy(() => Array.from(d.tensor(values.map((v) => (v > 0 && Number.isFinite(v) ? v : 1))).log().toFloat32Array()));
  return out.map((v, i) => (values[i] > 0 && Number.isFinite(values[i]) ? v : NaN));
}

/** Round numbers between lo and hi: 1-2-5 steps for a linear axis. */
function linearTicks(lo, hi, target = 6) {
  const span = hi - lo;
  let step = 1e-12;
  for (const p of [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10, 100, 1e3, 1e4, 1e5, 1e6]) {
    const s = [p, 2 * p, 5 * p].find((c) => span / c <= target);
    if (s !== undefined) { step = s; break; }
  }
  const out = [];
  for (let k = -Math.floor(-lo / step); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** Tick values for a log axis over [lo, hi]: decades, or 1-2-5 (or finer) within them when the range is narrow. */
function logTicks(lo, hi) {
  const decades = [];
  for (let p = 1e-8; p <= 1e8; p *= 10) decades.push(Number(p.toPrecision(12)));
  for (const mantissas of [[1], [1, 2, 5], [1, 1.5, 2, 3, 5, 7]]) {
    const ticks = decades.flatMap((p) => mantissas.map((m) => Number((m * p).toPrecision(12)))).filter((v) => v >= lo && v <= hi);
    if (ticks.length >= 3) return ticks;
  }
  return [lo, hi];
}

export function formatValue(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

/**
 * The range to show: from the values at or after epoch `from` (1-based), padded a little.
 * Curves that start outside it are clipped at the plot's edge.
 */
function fittedRange(series, from, log) {
  const values = series.flatMap((s) => s.y.slice(from - 1)).filter((v) => Number.isFinite(v) && (!log || v > 0));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) { lo = lo > 0 && log ? lo / 2 : lo - 1; hi = hi > 0 && log ? hi * 2 : hi + 1; }
  if (log) return [lo / 1.15, hi * 1.15];
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

/**
 * An SVG line chart. `series`: [{ name, y: number[] (one per epoch), color, dash }];
 * `log`: log y axis; `from`: the first epoch the y axis is fitted to (earlier points may be
 * clipped); `format`: how hover values are written.
 */
export function fittedChart({ series, title, xLabel, yLabel, log = false, from = 1, format = formatValue, width = 760, height = 420 }) {
  const n = Math.max(...series.map((s) => s.y.length));
  const M = { left: 64, right: 16, top: 34, bottom: 46 + 18 * Math.ceil(series.length / 2) };
  const plotW = width - M.left - M.right;
  const plotH = height - M.top - M.bottom;
  const [lo, hi] = fittedRange(series, from, log);
  const ticks = log ? logTicks(lo, hi) : linearTicks(lo, hi);
  const toLog = log ? (() => { const [a, b] = logs([lo, hi]); return { a, b }; })() : null;
  const scaleAll = (values) => {
    const t = log ? logs(values).map((v) => (v - toLog.a) / (toLog.b - toLog.a)) : values.map((v) => (v - lo) / (hi - lo));
    return t.map((u) => M.top + (1 - u) * plotH);
  };
  const px = (epoch) => M.left + (n <= 1 ? 0.5 : (epoch - 1) / (n - 1)) * plotW;
  const id = `c${Math.abs([...title].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7))}`;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}" class="chart">`);
  out.push(`<title>${esc(title)}</title>`);
  out.push(`<defs><clipPath id="${id}"><rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}"/></clipPath></defs>`);
  out.push(`<text x="${M.left}" y="20" ${FONT} font-size="15" font-weight="600" fill="#1a1a1a">${esc(title)}</text>`);
  out.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="#fbfcfe" stroke="#c9d2de"/>`);
  const tickYs = scaleAll(ticks);
  ticks.forEach((v, k) => {
    const y = tickYs[k].toFixed(1);
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${y}" y2="${y}" stroke="#e3e8ef"/>`);
    out.push(`<text x="${M.left - 6}" y="${y}" ${FONT} font-size="12" fill="#444" text-anchor="end" dominant-baseline="middle">${esc(formatValue(v))}</text>`);
  });
  for (const e of linearTicks(1, n, 8).filter((e) => Number.isInteger(e) && e >= 1)) {
    out.push(`<line x1="${px(e).toFixed(1)}" x2="${px(e).toFixed(1)}" y1="${M.top + plotH}" y2="${M.top + plotH + 4}" stroke="#888"/>`);
    out.push(`<text x="${px(e).toFixed(1)}" y="${M.top + plotH + 17}" ${FONT} font-size="12" fill="#444" text-anchor="middle">${e}</text>`);
  }
  out.push(`<text x="${M.left + plotW / 2}" y="${M.top + plotH + 34}" ${FONT} font-size="12" fill="#444" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(`<text class="axis-title" transform="translate(14 ${M.top + plotH / 2}) rotate(-90)" ${FONT} font-size="12" fill="#444" text-anchor="middle">${esc(yLabel)}${log ? ' (log scale)' : ''}</text>`);
  const ys = series.map((s) => scaleAll(s.y));
  series.forEach((s, k) => {
    const pts = ys[k].map((y, i) => (Number.isFinite(y) ? `${px(i + 1).toFixed(1)},${y.toFixed(1)}` : null));
    let dAttr = '';
    let pen = false;
    for (const p of pts) {
      if (p === null) { pen = false; continue; }
      dAttr += `${pen ? 'L' : 'M'}${p}`;
      pen = true;
    }
    out.push(`<path d="${dAttr}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} clip-path="url(#${id})"/>`);
  });
  // Legend: two columns under the axis label.
  series.forEach((s, k) => {
    const x = M.left + (k % 2) * (plotW / 2);
    const y = M.top + plotH + 54 + 18 * Math.floor(k / 2);
    out.push(`<line x1="${x}" x2="${x + 28}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${x + 34}" y="${y}" ${FONT} font-size="12.5" fill="#1a1a1a" dominant-baseline="middle">${esc(s.name)}</text>`);
  });
  // Hover values: one transparent column per epoch; hovering shows a rule and every value there.
  const colW = n <= 1 ? plotW : plotW / (n - 1);
  for (let i = 0; i < n; i++) {
    const x = px(i + 1);
    const rows = series.map((s, k) => ({ name: s.name, color: s.color, v: s.y[i] })).sort((a, b) => (b.v ?? -Infinity) - (a.v ?? -Infinity));
    const boxW = 210;
    const boxX = x + boxW + 12 > M.left + plotW ? x - boxW - 8 : x + 8;
    const boxH = 22 + 16 * rows.length;
    out.push(`<g class="hov"><title>${esc(`${xLabel} ${i + 1}: ${rows.map((r) => `${r.name} ${format(r.v)}`).join(', ')}`)}</title>`);
    out.push(`<rect x="${(x - colW / 2).toFixed(1)}" y="${M.top}" width="${colW.toFixed(1)}" height="${plotH}" fill="transparent"/>`);
    out.push(`<g class="tip"><line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${M.top}" y2="${M.top + plotH}" stroke="#333" stroke-dasharray="3 3"/>`);
    series.forEach((s, k) => {
      if (Number.isFinite(ys[k][i]) && ys[k][i] >= M.top && ys[k][i] <= M.top + plotH) out.push(`<circle cx="${x.toFixed(1)}" cy="${ys[k][i].toFixed(1)}" r="3.5" fill="${s.color}" stroke="#fff"/>`);
    });
    out.push(`<rect x="${boxX.toFixed(1)}" y="${M.top + 6}" width="${boxW}" height="${boxH}" rx="4" fill="#fff" fill-opacity="0.95" stroke="#999"/>`);
    out.push(`<text x="${(boxX + 8).toFixed(1)}" y="${M.top + 21}" ${FONT} font-size="12" font-weight="600" fill="#1a1a1a">${esc(xLabel)} ${i + 1}</text>`);
    rows.forEach((r, k) => {
      const y = M.top + 37 + 16 * k;
      out.push(`<rect x="${(boxX + 8).toFixed(1)}" y="${y - 8}" width="10" height="10" fill="${r.color}"/>`);
      out.push(`<text x="${(boxX + 24).toFixed(1)}" y="${y}" ${FONT} font-size="12" fill="#1a1a1a">${esc(r.name)}: ${esc(format(r.v))}</text>`);
    });
    out.push('</g></g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

/** The CSS the hover values need (in the report's <style>). */
export const CHART_CSS = '.chart .hov .tip { visibility: hidden; } .chart .hov:hover .tip { visibility: visible; } svg.chart { max-width: 100%; height: auto; }' +
  // On a phone the chart is drawn at about half size: larger type keeps its labels readable.
  ' @media (max-width: 600px) { svg.chart text { font-size: 19px; } svg.chart text.axis-title { font-size: 14px; } svg.chart .tip text { font-size: 17px; } svg.chart .tip > rect:first-of-type { transform: scale(1.45); transform-box: fill-box; } }';
