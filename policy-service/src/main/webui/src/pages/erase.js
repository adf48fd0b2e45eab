// Erase requests: file one, see its plan with datasets and expected counts, approve it (a
// compliance officer other than the requester), follow its progress, download its certificate.
import { h, notice, table, when } from '../dom.js';
import { ROLES } from '../auth.js';

export async function eraseRequests(api, session) {
  const requests = await api.get('/erase-requests');
  const officer = session.has(ROLES.officer, ROLES.admin);
  return [
    h('h1', {}, 'Erase requests'),
    officer ? newRequest(api) : null,
    requests.length === 0 ? notice('No erase request yet.') : table(['#', 'State', 'Due', 'Legal basis', 'Requested by',
      'Identifiers', 'Filed'], requests.map(r => h('tr', {},
      h('td', {}, h('a', { href: `#/erase/${r.id}` }, r.id)),
      h('td', {}, h('span', { class: `state ${r.state}` }, r.state)),
      h('td', {}, r.dueDate),
      h('td', {}, r.legalBasis),
      h('td', {}, r.requester),
      h('td', {}, r.identifierKinds.join(', ')),
      h('td', {}, when(r.createdAt)))), { id: 'erase-requests' }),
  ];
}

function newRequest(api) {
  const kind = h('select', { name: 'kind', 'aria-label': 'Identifier kind' },
    ['email', 'customer_id', 'phone', 'name', 'iban', 'ssn'].map(k => h('option', { value: k }, k)));
  const value = h('input', { name: 'value', required: true, placeholder: 'ann@example.com', 'aria-label': 'Identifier' });
  const basis = h('input', { name: 'legalBasis', required: true, value: 'GDPR Art. 17(1)(a)', 'aria-label': 'Legal basis' });
  const status = h('div', { class: 'status' });
  return h('form', {
    class: 'card',
    onsubmit: async event => {
      event.preventDefault();
      try {
        const created = await api.post('/erase-requests', {
          identifiers: [{ kind: kind.value, value: value.value.trim() }], legalBasis: basis.value.trim() });
        location.hash = `#/erase/${created.id}`;
      } catch (error) {
        status.replaceChildren(notice(error.message, 'error'));
      }
    },
  }, h('h2', {}, 'New request'), kind, value, basis, h('button', { type: 'submit' }, 'File request'), status);
}

export async function eraseRequest(api, session, params, id) {
  const request = await api.get(`/erase-requests/${id}`);
  const status = h('div', { class: 'status' });
  const officer = session.has(ROLES.officer, ROLES.admin);
  const act = (label, path, body, kind) => h('button', {
    class: kind,
    onclick: async () => {
      try {
        await api.post(`/erase-requests/${id}/${path}`, body);
        location.reload();
      } catch (error) {
        status.replaceChildren(notice(error.message, 'error'));
      }
    },
  }, label);
  const actions = [];
  if (officer && ['received', 'planned'].includes(request.state)) actions.push(act('Plan', 'plan', undefined));
  if (officer && request.state === 'planned') {
    if (request.requester === session.name) {
      actions.push(h('span', { class: 'hint' }, 'Another compliance officer must approve: you filed this request.'));
    } else {
      actions.push(act('Approve', 'approve', undefined, 'confirm'));
    }
    const reason = h('input', { 'aria-label': 'Reason for rejecting', placeholder: 'Reason for rejecting' });
    actions.push(reason, h('button', {
      class: 'reject',
      onclick: async () => {
        try {
          await api.post(`/erase-requests/${id}/reject`, { reason: reason.value.trim() });
          location.reload();
        } catch (error) {
          status.replaceChildren(notice(error.message, 'error'));
        }
      },
    }, 'Reject'));
  }
  if (officer && request.state === 'verified') actions.push(act('Issue certificate', 'certificate', undefined, 'confirm'));
  if (request.state === 'completed') actions.push(h('button', { onclick: () => download(api, id, status) }, 'Download certificate'));
  const counts = new Map(request.counts.map(c => [c.dataset, c]));
  const results = new Map(request.results.map(r => [r.dataset, r]));
  return [
    h('h1', {}, `Erase request ${request.id}`),
    h('p', {}, h('span', { class: `state ${request.state}`, id: 'state' }, request.state),
      ` · due ${request.dueDate} · ${request.legalBasis} · requested by ${request.requester}`,
      request.reason ? ` · ${request.reason}` : ''),
    h('p', {}, 'Subject: ', request.identifiers.map(i => h('code', {}, `${i.kind} = ${i.value}`))),
    h('div', { class: 'actions', id: 'actions' }, actions),
    status,
    h('h2', {}, 'Plan'),
    request.plan.length === 0 ? notice('Not planned yet.') : table(['Dataset', 'Column', 'Identifier', 'Found by',
      'Looked for', 'Action', 'Rows holding the subject', 'Erased'], request.plan.map(p => {
      const count = counts.get(p.dataset);
      const result = results.get(p.dataset);
      return h('tr', {},
        h('td', {}, p.dataset), h('td', {}, p.column), h('td', {}, p.identifier), h('td', {}, p.foundBy),
        h('td', {}, p.masked ? `masked (${p.masked})` : 'in clear'), h('td', {}, p.action),
        h('td', { class: 'number' }, count ? (count.note ?? `${count.matching} of ${count.rows}`) : 'not counted'),
        h('td', { class: 'number' }, result ? `${result.erased} (${result.before} → ${result.after} rows)` : ''));
    }), { id: 'plan' }),
    h('h2', {}, 'History'),
    table(['When', 'From', 'To', 'By', 'Reason'], request.transitions.map(t => h('tr', {},
      h('td', {}, when(t.at)), h('td', {}, t.from ?? ''), h('td', {}, t.to), h('td', {}, t.actor),
      h('td', {}, t.reason ?? ''))), { id: 'transitions' }),
  ];
}

async function download(api, id, status) {
  try {
    const certificate = await api.get(`/erase-requests/${id}/certificate`);
    const link = h('a', {
      href: URL.createObjectURL(new Blob([JSON.stringify(certificate, null, 2)], { type: 'application/json' })),
      download: `erase-certificate-${id}.json`,
    });
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) {
    status.replaceChildren(notice(error.message, 'error'));
  }
}
