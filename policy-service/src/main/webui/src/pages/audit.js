// The audit log: filter by actor, action and target; the hash chain's verification status.
import { h, notice, table, when } from '../dom.js';

export async function audit(api, session, params) {
  const filters = ['actor', 'action', 'target'];
  const query = filters.filter(f => params.get(f)).map(f => `&${f}=${encodeURIComponent(params.get(f))}`).join('');
  const [entries, chain] = await Promise.all([api.get(`/audit?limit=200${query}`), api.get('/audit/verify')]);
  const inputs = Object.fromEntries(filters.map(f => [f, h('input', { name: f, value: params.get(f) ?? '',
    placeholder: f === 'action' ? 'e.g. erase. or tag.review' : f, 'aria-label': f })]));
  const form = h('form', {
    class: 'search',
    onsubmit: event => {
      event.preventDefault();
      const next = new URLSearchParams();
      filters.forEach(f => inputs[f].value.trim() && next.set(f, inputs[f].value.trim()));
      location.hash = `#/audit?${next}`;
    },
  }, filters.map(f => inputs[f]), h('button', { type: 'submit' }, 'Filter'));
  return [
    h('h1', {}, 'Audit log'),
    h('p', { class: `chain ${chain.intact ? 'intact' : 'broken'}`, id: 'chain' }, chain.intact
      ? `Hash chain intact: ${chain.entries} entries verified.`
      : `Hash chain BROKEN at entry ${chain.brokenAt}: ${chain.reason}`),
    form,
    entries.length === 0 ? notice('No entry matches.') : table(['#', 'When', 'Actor', 'Action', 'Target', 'Change'],
      entries.map(e => h('tr', {},
        h('td', { class: 'number' }, e.id),
        h('td', {}, when(e.at)),
        h('td', {}, h('a', { href: `#/audit?actor=${encodeURIComponent(e.actor)}` }, e.actor)),
        h('td', {}, e.action),
        h('td', {}, h('a', { href: `#/audit?target=${encodeURIComponent(e.target)}` }, e.target)),
        h('td', { class: 'change' }, summary(e.after)))), { id: 'audit' }),
  ];
}

function summary(after) {
  if (!after) return '';
  return after.length > 160 ? `${after.slice(0, 160)}…` : after;
}
