// The policy service's REST API, called with the signed-in user's access token.
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  get(path) { return this.send('GET', path); }
  post(path, body) { return this.send('POST', path, body); }
  put(path, body) { return this.send('PUT', path, body); }

  async send(method, path, body) {
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await this.token()}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const answer = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const reason = answer?.error ?? response.statusText;
      throw new ApiError(response.status, response.status === 403
        ? `Your role does not allow this (${reason})` : `${method} ${path}: ${reason}`);
    }
    return answer;
  }
}
