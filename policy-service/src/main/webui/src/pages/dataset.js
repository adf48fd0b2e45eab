// A dataset: schema and its versions (with their diffs), PII tags, owner, classification,
// retention policy, attached rulesets, DQ outcomes, and a preview masked for the viewer's role.
import { h, notice, table, when } from '../dom.js';
import { ROLES } from '../auth.js';

export async function dataset(api, session, params, id) {
  const dataset = await api.get(`/datasets/${id}`);
  const qualified = `${dataset.namespace}:${dataset.name}`;
  const [versions, retention, rulesets, preview] = await Promise.all([
    api.get(`/datasets/${id}/schema-versions`),
    session.has(ROLES.admin, ROLES.steward, ROLES.officer, ROLES.job)
      ? api.get('/retention').then(all => all.find(p => p.dataset === qualified)) : undefined,
    api.get(`/rulesets?datasetId=${id}`),
    api.get(`/datasets/${id}/preview?limit=10`).catch(error => error),
  ]);
  return [
    h('h1', {}, dataset.name),
    h('dl', { class: 'facts' },
      fact('Namespace', dataset.namespace),
      fact('Location', dataset.location ?? '—'),
      fact('Format', dataset.format ?? '—'),
      fact('Owner', dataset.owner ?? '—'),
      fact('Classification', dataset.classification ?? 'unclassified'),
      fact('Retention', retention ? `keep ${retention.keepDays} days by ${retention.timeColumn}, then ${retention.action}`
        : 'no policy: never purged'),
      fact('Rulesets', rulesets.length ? rulesets.map(r => `${r.name} v${r.version}`).join(', ') : 'none attached')),
    h('nav', { class: 'links' },
      h('a', { href: `#/lineage?node=${encodeURIComponent(`dataset:${qualified}`)}` }, 'Lineage'),
      h('a', { href: `#/quality/${id}` }, 'Data quality')),
    h('h2', {}, 'Schema'),
    table(['Column', 'Type', 'PII tags'], dataset.columns.map(column => h('tr', {},
      h('td', {}, column.name),
      h('td', {}, column.type),
      h('td', {}, column.tags.map(tag => h('span', {
        class: `tag ${tag.reviewState}${tag.masked ? ' masked' : ''}`,
        title: `${tag.source}, ${Math.round(tag.confidence * 100)}%${tag.explanation ? `: ${tag.explanation}` : ''}`
          + (tag.evidence?.length ? ` (e.g. ${tag.evidence.join(', ')})` : ''),
      }, `${tag.entityType}${tag.masked ? ` (masked ${tag.transform ?? ''})` : ''} · ${tag.reviewState}`))))),
    { id: 'schema' }),
    h('h2', {}, 'Schema versions'),
    versions.length === 0 ? notice('No schema recorded yet.')
      : table(['Version', 'Recorded', 'Changes'], versions.slice().reverse().map(v => h('tr', {},
        h('td', {}, `v${v.version}`), h('td', {}, when(v.createdAt)), h('td', {}, diff(v.diff))))),
    h('h2', {}, 'Preview'),
    previewTable(preview),
  ];
}

function fact(name, value) {
  return [h('dt', {}, name), h('dd', {}, value)];
}

function diff(change) {
  const parts = [
    ...change.added.map(f => h('span', { class: 'added' }, `+ ${f.name} ${f.type}`)),
    ...change.removed.map(f => h('span', { class: 'removed' }, `− ${f.name} ${f.type}`)),
    ...change.changed.map(c => h('span', { class: 'changed' }, `${c.name}: ${c.from} → ${c.to}`)),
  ];
  return parts.length ? parts : 'no change';
}

function previewTable(preview) {
  if (preview instanceof Error) {
    return notice(preview.status === 403 ? 'Your role may not read this dataset.' : `No preview: ${preview.message}`);
  }
  const masked = (preview.decision?.columns ?? []).filter(c => c.decision === 'mask');
  const denied = (preview.decision?.columns ?? []).filter(c => c.decision === 'deny');
  const note = masked.length || denied.length ? notice([
    masked.length ? `Masked for your role: ${masked.map(c => `${c.column} (${c.transform})`).join(', ')}.` : '',
    denied.length ? ` Not shown to your role: ${denied.map(c => c.column).join(', ')}.` : ''].join('')) : null;
  return [note, table(preview.columns, preview.rows.map(row => h('tr', {},
    preview.columns.map(column => h('td', {}, row[column] ?? '')))), { id: 'preview' })];
}
