// Signing in through the service's identity provider (OIDC authorization code with PKCE, the
// public client the service names at /config); the roles are the token's realm roles, the same
// the API admits requests by.
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

export const ROLES = {
  admin: 'steward-admin',
  steward: 'data-steward',
  officer: 'compliance-officer',
  analyst: 'analyst',
  job: 'job-runner',
};

export async function signIn() {
  const config = await (await fetch('/config')).json();
  const users = new UserManager({
    authority: config.issuer,
    client_id: config.uiClientId,
    redirect_uri: `${location.origin}/`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope: 'openid profile email',
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
  const query = new URLSearchParams(location.search);
  if (query.has('code') && query.has('state')) {
    const user = await users.signinRedirectCallback();
    history.replaceState(null, '', `/${user.state ?? '#/catalog'}`);
  }
  const user = await users.getUser();
  if (!user || user.expired) {
    await users.signinRedirect({ state: location.hash || '#/catalog' });
    return null;
  }
  return new Session(users, user);
}

export class Session {
  constructor(users, user) {
    this.users = users;
    this.user = user;
    users.events.addUserLoaded(loaded => { this.user = loaded; });
    const claims = JSON.parse(atob(user.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    this.name = claims.preferred_username ?? user.profile.sub;
    this.roles = new Set(claims.realm_access?.roles ?? []);
  }

  has(...roles) {
    return roles.some(role => this.roles.has(role));
  }

  async token() {
    if (this.user.expired) {
      this.user = await this.users.signinSilent();
    }
    return this.user.access_token;
  }

  signOut() {
    return this.users.signoutRedirect();
  }
}
