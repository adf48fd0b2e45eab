// PII review: the queue of detected and propagated tags with their confidence, explanation and
// evidence (spans the scan found, masked); approve (confirm) or reject one or many, each decision
// audited by the service.
import { h, notice, table } from '../dom.js';
import { ROLES } from '../auth.js';

export async function review(api, session, params) {
  const state = params.get('state') ?? 'proposed';
  const tags = await api.get(`/tags?state=${encodeURIComponent(state)}&limit=500`);
  const canDecide = session.has(ROLES.admin, ROLES.steward, ROLES.officer) && state === 'proposed';
  const status = h('div', { class: 'status' });
  const boxes = [];
  const rows = tags.map(tag => {
    const box = canDecide ? h('input', { type: 'checkbox', value: tag.tagId, 'aria-label': `Select ${tag.dataset}.${tag.column}` })
      : null;
    if (box) boxes.push(box);
    return h('tr', { dataset: { tag: tag.tagId } },
      canDecide ? h('td', {}, box) : null,
      h('td', {}, h('a', { href: `#/datasets/${tag.datasetId}` }, tag.dataset)),
      h('td', {}, tag.column),
      h('td', {}, h('span', { class: 'tag' }, tag.entityType)),
      h('td', { class: 'number' }, `${Math.round(tag.confidence * 100)}%`),
      h('td', {}, tag.source),
      h('td', { class: 'explanation' }, tag.explanation ?? '',
        tag.evidence?.length ? h('div', { class: 'evidence' }, tag.evidence.map(e => h('code', {}, e))) : null),
      canDecide ? h('td', { class: 'actions' },
        h('button', { class: 'confirm', onclick: () => decide([tag.tagId], 'confirmed') }, 'Approve'),
        h('button', { class: 'reject', onclick: () => decide([tag.tagId], 'rejected') }, 'Reject')) : null);
  });

  async function decide(ids, verdict) {
    status.replaceChildren(notice(`Recording ${ids.length} decision${ids.length === 1 ? '' : 's'}…`));
    try {
      for (const id of ids) {
        await api.post(`/tags/${id}/review`, { state: verdict });
        document.querySelector(`tr[data-tag="${id}"]`)?.remove();
      }
      status.replaceChildren(notice(`${ids.length} tag${ids.length === 1 ? '' : 's'} ${verdict}.`, 'success'));
    } catch (error) {
      status.replaceChildren(notice(error.message, 'error'));
    }
  }

  const selected = () => boxes.filter(b => b.checked && b.isConnected).map(b => Number(b.value));
  return [
    h('h1', {}, 'PII review'),
    h('nav', { class: 'tabs' }, ['proposed', 'confirmed', 'rejected'].map(s =>
      h('a', { href: `#/review?state=${s}`, class: s === state ? 'current' : null }, s))),
    status,
    tags.length === 0 ? notice(state === 'proposed' ? 'Nothing waits for review.' : `No ${state} tags.`) : [
      canDecide ? h('div', { class: 'bulk' },
        h('button', { class: 'confirm', onclick: () => decide(selected(), 'confirmed') }, 'Approve selected'),
        h('button', { class: 'reject', onclick: () => decide(selected(), 'rejected') }, 'Reject selected')) : null,
      table([canDecide ? '' : null, 'Dataset', 'Column', 'Type', 'Confidence', 'Source', 'Why',
        canDecide ? '' : null].filter(x => x !== null), rows, { id: 'review' }),
    ],
  ];
}
