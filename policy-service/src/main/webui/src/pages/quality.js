// Data quality of a dataset: the latest outcomes (failing rules first), quarantine counts, and a
// chart of each rule's metric over its runs.
import { Chart, LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend } from 'chart.js';
import { h, notice, table, when } from '../dom.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);
const ORDER = { FAIL: 0, ERROR: 1, PASS: 2 };

export async function quality(api, session, params, id) {
  const [dataset, runs] = await Promise.all([api.get(`/datasets/${id}`), api.get(`/datasets/${id}/dq-runs?limit=50`)]);
  const title = h('h1', {}, `Data quality: ${dataset.name}`);
  if (runs.length === 0) return [title, notice('No DQ run recorded for this dataset yet.')];
  const latest = runs[0];
  const outcomes = latest.rules.slice().sort((a, b) => (ORDER[a.outcome] ?? 3) - (ORDER[b.outcome] ?? 3));
  const chronological = runs.slice().reverse();
  const metrics = [...new Set(runs.flatMap(r => r.rules.flatMap(rule => Object.keys(rule.metrics ?? {}))))];
  const charts = metrics.map(metric => {
    const canvas = h('canvas', { 'aria-label': `${metric} over time`, role: 'img' });
    requestAnimationFrame(() => new Chart(canvas, {
      type: 'line',
      data: {
        labels: chronological.map(r => new Date(r.finishedAt).toLocaleDateString()),
        datasets: [{ label: metric, data: chronological.map(r => value(r, metric)), borderColor: '#5b7db1',
          spanGaps: true, tension: 0.2 }],
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } },
    }));
    return h('figure', { class: 'chart' }, h('figcaption', {}, metric), h('div', { class: 'chart-box' }, canvas));
  });
  return [
    title,
    h('p', {}, `Latest run ${when(latest.finishedAt)} with ${latest.ruleset ?? 'its rulesets'}: score `,
      h('strong', { id: 'score' }, `${Math.round(latest.score * 100)}%`),
      latest.rowsTotal == null ? '' : ` · ${latest.rowsTotal} rows, ${latest.rowsFailed ?? 0} quarantined`),
    table(['Rule', 'Outcome', 'Message'], outcomes.map(rule => h('tr', { class: rule.outcome.toLowerCase() },
      h('td', {}, h('code', {}, rule.rule)),
      h('td', {}, h('span', { class: `outcome ${rule.outcome.toLowerCase()}` }, rule.outcome)),
      h('td', {}, rule.message ?? ''))), { id: 'outcomes' }),
    h('h2', {}, 'Quarantine'),
    table(['Run', 'Finished', 'Rows', 'Passed', 'Quarantined', 'Score'], runs.slice(0, 10).map(r => h('tr', {},
      h('td', {}, r.id), h('td', {}, when(r.finishedAt)), h('td', { class: 'number' }, r.rowsTotal ?? '—'),
      h('td', { class: 'number' }, r.rowsPassed ?? '—'), h('td', { class: 'number' }, r.rowsFailed ?? '—'),
      h('td', { class: 'number' }, `${Math.round(r.score * 100)}%`)))),
    h('h2', {}, 'Metrics over time'),
    h('div', { class: 'charts' }, charts),
  ];
}

function value(run, metric) {
  for (const rule of run.rules) {
    if (rule.metrics && metric in rule.metrics) return rule.metrics[metric];
  }
  return null;
}
