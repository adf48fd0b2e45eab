// Lineage: an interactive graph (pan, zoom, expand up- and downstream by depth, switch to
// column level) of datasets and jobs, PII-tagged columns highlighted, masked edges shown as such,
// and the latest run of each job.
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
  const runs = graph.filter(n => n.type === 'JOB');
  requestAnimationFrame(() => draw(canvas, graph, node, level, id => go({ node: id })));
  return [
    h('h1', {}, 'Lineage'), controls, legend, canvas,
    level === 'dataset' && runs.length ? [h('h2', {}, 'Runs of these jobs'), table(['Job', 'Latest run', 'State', 'Ended'],
      runs.map(job => h('tr', {},
        h('td', {}, `${job.data.namespace}:${job.data.name}`),
        h('td', {}, job.data.latestRun?.id ?? '—'),
        h('td', {}, job.data.latestRun?.state ?? ''),
        h('td', {}, when(job.data.latestRun?.endedAt)))), { id: 'runs' })] : null,
  ];
}

function draw(container, graph, focus, level, recentre) {
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
