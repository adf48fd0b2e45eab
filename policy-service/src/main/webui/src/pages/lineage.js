// Lineage: an interactive graph (pan, zoom, expand up- and downstream by depth, switch to
// column level) of datasets and jobs, PII-tagged columns highlighted, masked edges shown as such,
// the latest run of each job and, for a job clicked, its run history.
import cytoscape from 'cytoscape';
import { h, notice, table, when } from '../dom.js';

export async function lineage(api, session, params) {
  const node = params.get('node');
  const level = params.get('level') === 'column' ? 'column' : 'dataset';
  const depth = Math.max(1, Math.min(Number(params.get('depth') ?? 2) || 2, 20));
  const go = changes => {
    const next = new URLSearchParams({ node, level, depth: String(depth), ...changes });
    location.hash = `#/lineage?${next}`;
  };
  const input = h('input', { name: 'node', value: node ?? '', placeholder: 'dataset:NAMESPACE:NAME',
    'aria-label': 'Node', size: 60 });
  const controls = h('form', {
    class: 'search',
    onsubmit: event => { event.preventDefault(); go({ node: input.value.trim() }); },
  }, input,
  h('label', {}, 'Depth ', h('select', { 'aria-label': 'Depth', onchange: e => go({ depth: e.target.value }) },
    [1, 2, 3, 5, 10, 20].map(d => h('option', { value: d, selected: d === depth }, d)))),
  h('label', {}, 'Level ', h('select', { 'aria-label': 'Level', onchange: e => go({ level: e.target.value }) },
    ['dataset', 'column'].map(l => h('option', { value: l, selected: l === level }, l)))),
  h('button', { type: 'submit' }, 'Show'));
  if (!node) {
    return [h('h1', {}, 'Lineage'), controls, notice('Open a dataset from the catalog, or name one: dataset:NAMESPACE:NAME.')];
  }
  const path = level === 'column'
    ? `/column-lineage?nodeId=${encodeURIComponent(node)}&depth=${depth}&withDownstream=true`
    : `/lineage?nodeId=${encodeURIComponent(node)}&depth=${depth}`;
  const graph = (await api.get(path)).graph;
  const canvas = h('div', { id: 'graph', class: 'graph' });
  const legend = h('p', { class: 'legend' },
    h('span', { class: 'key dataset' }, 'dataset'), h('span', { class: 'key job' }, 'job'),
    h('span', { class: 'key pii' }, 'holds PII'), h('span', { class: 'key masked-column' }, 'PII masked'),
    h('span', { class: 'key masked' }, 'masked edge'),
    ` ${graph.length} nodes. Drag to pan, scroll to zoom, double-click a node to centre the graph on it.`);
  const jobs = graph.filter(n => n.type === 'JOB');
  const history = h('div', { id: 'job-runs' });
  const showRuns = async (namespace, name) => {
    history.replaceChildren(h('p', { class: 'loading' }, 'Loading runs…'));
    try {
      const runs = await api.get(`/namespaces/${encodeURIComponent(namespace)}/jobs/${encodeURIComponent(name)}/runs?limit=20`);
      const rows = runs.map(run => h('tr', {},
        h('td', {}, h('code', {}, run.id)),
        h('td', {}, h('span', { class: `state ${run.state.toLowerCase()}` }, run.state)),
        h('td', {}, when(run.startedAt)),
        h('td', {}, when(run.endedAt)),
        h('td', { class: 'path' }, run.inputs.join(', ')),
        h('td', { class: 'path' }, run.outputs.join(', '))));
      history.replaceChildren(h('h2', {}, `Runs of ${namespace}:${name}`), runs.length === 0
        ? notice('No run recorded.')
        : table(['Run', 'State', 'Started', 'Ended', 'Read', 'Wrote'], rows, { id: 'job-history' }));
    } catch (error) {
      history.replaceChildren(notice(error.message, 'error'));
    }
  };
  requestAnimationFrame(() => draw(canvas, graph, node, level, id => go({ node: id }), showRuns));
  return [
    h('h1', {}, 'Lineage'), controls, legend, canvas,
    level === 'dataset' && jobs.length ? [h('h2', {}, 'Jobs in view (click a job, here or in the graph, for its runs)'),
      table(['Job', 'Latest run', 'State', 'Ended'], jobs.map(job => h('tr', {},
        h('td', {}, h('button', { class: 'link-like', onclick: () => showRuns(job.data.namespace, job.data.name) },
          `${job.data.namespace}:${job.data.name}`)),
        h('td', {}, job.data.latestRun?.id ?? '—'),
        h('td', {}, job.data.latestRun?.state ?? ''),
        h('td', {}, when(job.data.latestRun?.endedAt)))), { id: 'runs' })] : null,
    history,
  ];
}

function draw(container, graph, focus, level, recentre, showRuns) {
  const elements = [];
  for (const node of graph) {
    elements.push({ data: { id: node.id, label: label(node, level), kind: node.type, pii: holdsPii(node) ? 1 : 0,
      masked: holdsMasked(node) ? 1 : 0, focus: node.id === focus ? 1 : 0 } });
  }
  const ids = new Set(graph.map(n => n.id));
  for (const node of graph) {
    if (level === 'column') {
      for (const input of node.data.inputFields ?? []) {
        const from = `datasetField:${input.namespace}:${input.dataset}:${input.field}`;
        if (!ids.has(from)) continue;
        const masked = input.transformations.some(t => t.masking === true || t.masking === 'true');
        elements.push({ data: { id: `${from}->${node.id}`, source: from, target: node.id, masked: masked ? 1 : 0,
          label: masked ? input.transformations.map(t => t.description).filter(Boolean).join(', ') || 'masked' : '' } });
      }
    } else {
      for (const edge of node.outEdges) {
        if (ids.has(edge.destination)) {
          elements.push({ data: { id: `${edge.origin}->${edge.destination}`, source: edge.origin,
            target: edge.destination, masked: 0, label: '' } });
        }
      }
    }
  }
  const graphView = cytoscape({
    container,
    elements,
    layout: { name: 'breadthfirst', directed: true, spacingFactor: 1.1, animate: false },
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'text-wrap': 'wrap', 'text-max-width': 140,
        'background-color': '#5b7db1', color: '#1d2733', 'text-valign': 'bottom', 'text-margin-y': 4, width: 18, height: 18 } },
      { selector: 'node[kind = "JOB"]', style: { shape: 'round-rectangle', 'background-color': '#9aa5b1', width: 26 } },
      { selector: 'node[pii = 1]', style: { 'background-color': '#c0392b', 'border-width': 2, 'border-color': '#7b241c' } },
      { selector: 'node[masked = 1]', style: { 'background-color': '#27ae60' } },
      { selector: 'node[focus = 1]', style: { 'border-width': 4, 'border-color': '#f1c40f' } },
      { selector: 'edge', style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        'line-color': '#8896a5', 'target-arrow-color': '#8896a5', label: 'data(label)', 'font-size': 9 } },
      { selector: 'edge[masked = 1]', style: { 'line-style': 'dashed', 'line-color': '#27ae60',
        'target-arrow-color': '#27ae60' } },
    ],
  });
  graphView.on('dblclick', 'node', event => recentre(event.target.id()));
  const byId = new Map(graph.map(n => [n.id, n]));
  graphView.on('tap', 'node[kind = "JOB"]', event => {
    const job = byId.get(event.target.id());
    showRuns(job.data.namespace, job.data.name);
  });
  container.cy = graphView;
}

function label(node, level) {
  if (level === 'column') return `${short(node.data.dataset)}.${node.data.field}`;
  return node.type === 'JOB' ? node.data.name : short(node.data.name);
}

/** A path's last part (a file or folder name): the full name is in the node's id and the search box. */
function short(name) {
  return String(name).split('/').filter(Boolean).pop() ?? String(name);
}

/** PII in clear: a column's unmasked tags, a dataset's columns' (fields list the unmasked ones). */
function holdsPii(node) {
  if (node.type === 'DATASET_FIELD') return (node.data.tags ?? []).some(t => !t.masked);
  return (node.data.fields ?? []).some(f => (f.tags ?? []).length > 0);
}

function holdsMasked(node) {
  return node.type === 'DATASET_FIELD' && (node.data.tags ?? []).some(t => t.masked);
}
