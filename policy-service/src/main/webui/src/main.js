// Steward's web UI: one page, routed by the URL's hash, signed in through the service's OIDC
// provider. Every page reads the REST API with the user's token, so what a page shows and what
// it lets the user do is what the API admits for their roles; the navigation only hides what
// their roles could not open anyway.
import { ROLES, signIn } from './auth.js';
import { Api } from './api.js';
import { h, notice } from './dom.js';
import { catalog } from './pages/catalog.js';
import { dataset } from './pages/dataset.js';
import { review } from './pages/review.js';
import { lineage } from './pages/lineage.js';
import { quality } from './pages/quality.js';
import { eraseRequest, eraseRequests } from './pages/erase.js';
import { audit } from './pages/audit.js';

const PAGES = [
  { path: /^\/catalog$/, render: catalog, nav: 'Catalog' },
  { path: /^\/datasets\/(\d+)$/, render: dataset },
  { path: /^\/review$/, render: review, nav: 'PII review', roles: [ROLES.admin, ROLES.steward, ROLES.officer] },
  { path: /^\/lineage$/, render: lineage, nav: 'Lineage' },
  { path: /^\/quality\/(\d+)$/, render: quality },
  { path: /^\/erase$/, render: eraseRequests, nav: 'Erase requests', roles: [ROLES.admin, ROLES.officer] },
  { path: /^\/erase\/(\d+)$/, render: eraseRequest, roles: [ROLES.admin, ROLES.officer] },
  { path: /^\/audit$/, render: audit, nav: 'Audit log', roles: [ROLES.admin, ROLES.officer] },
];

async function start() {
  const app = document.getElementById('app');
  let session;
  try {
    session = await signIn();
  } catch (error) {
    app.replaceChildren(notice(`Cannot sign in: ${error.message}`, 'error'));
    return;
  }
  if (!session) return; // on the way to the identity provider
  const api = new Api(() => session.token());
  const main = h('main', { id: 'page' });
  const links = PAGES.filter(p => p.nav && (!p.roles || session.has(...p.roles)));
  const nav = h('nav', { class: 'main' }, links.map(p => h('a', { href: `#${p.path.source.slice(1, -1).replace(/\\/g, '')}` },
    p.nav)));
  app.replaceChildren(h('header', {},
    h('a', { class: 'brand', href: '#/catalog' }, 'Steward'),
    nav,
    h('span', { class: 'user', id: 'user' }, `${session.name} · ${[...session.roles].filter(r => Object.values(ROLES)
      .includes(r)).join(', ') || 'no Steward role'}`),
    h('button', { class: 'link', onclick: () => session.signOut() }, 'Sign out')), main);

  const route = async () => {
    const [path, query] = (location.hash.slice(1) || '/catalog').split('?');
    const page = PAGES.find(p => p.path.test(path));
    nav.querySelectorAll('a').forEach(a => a.classList.toggle('current', a.getAttribute('href') === `#${path}`));
    delete main.dataset.rendered; // set again once the page is drawn: its render's milliseconds, or why not
    // The first frame with the page drawn (graphs lay out in the frame before): what benchmarks time.
    const drawn = (rendered, ...content) => {
      main.replaceChildren(...content);
      main.dataset.rendered = rendered;
      requestAnimationFrame(() => performance.mark('steward:drawn'));
    };
    if (!page) {
      drawn('error', notice(`No page at ${path}.`, 'error'));
      return;
    }
    if (page.roles && !session.has(...page.roles)) {
      drawn('refused', h('h1', {}, 'Not for your role'), notice('Your roles do not open this page.', 'error'));
      return;
    }
    main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
    const started = performance.now();
    try {
      const content = await page.render(api, session, new URLSearchParams(query ?? ''), ...path.match(page.path).slice(1));
      drawn(String(Math.round(performance.now() - started)), ...[content].flat(2).filter(Boolean));
    } catch (error) {
      drawn('error', notice(error.message, 'error'));
    }
  };
  window.addEventListener('hashchange', route);
  await route();
}

start();
