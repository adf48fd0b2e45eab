// The catalog: search and browse datasets.
import { h, notice, table } from '../dom.js';

export async function catalog(api, session, params) {
  const text = params.get('q') ?? '';
  const datasets = await api.get(`/datasets?limit=200&q=${encodeURIComponent(text)}`);
  const input = h('input', { type: 'search', name: 'q', value: text, placeholder: 'Name, namespace or description',
    'aria-label': 'Search datasets' });
  const search = h('form', {
    class: 'search',
    onsubmit: event => {
      event.preventDefault();
      location.hash = `#/catalog?q=${encodeURIComponent(input.value.trim())}`;
    },
  }, input, h('button', { type: 'submit' }, 'Search'));
  const rows = datasets.map(d => h('tr', {},
    h('td', {}, h('a', { href: `#/datasets/${d.id}` }, d.name)),
    h('td', {}, d.namespace),
    h('td', {}, h('span', { class: `badge ${d.classification ?? 'unclassified'}` }, d.classification ?? 'unclassified')),
    h('td', {}, d.owner ?? ''),
    h('td', {}, d.format ?? ''),
    h('td', { class: 'path' }, d.location ?? '')));
  return [
    h('h1', {}, 'Catalog'),
    search,
    datasets.length === 0
      ? notice(text ? `No dataset matches "${text}".` : 'The catalog is empty.')
      : [h('p', { class: 'count' }, datasets.length === 200 ? 'The first 200 datasets: search to narrow down.'
          : `${datasets.length} dataset${datasets.length === 1 ? '' : 's'}`),
        table(['Dataset', 'Namespace', 'Classification', 'Owner', 'Format', 'Location'], rows, { id: 'datasets' })],
  ];
}
