// Vigil's public API as the dashboard uses it: the same endpoints, headers and scoping as any client.

const TOKEN_KEY = 'vigil.token';

export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A failed request: {@code status} is the HTTP status, or 0 when Vigil could not be reached. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

/** Builds a query string; arrays become repeated keys, empty values are left out. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== '') search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The rels of a Link header, e.g. {next: 'http://...', last: 'http://...'}. */
export function parseLink(header) {
  const rels = {};
  for (const part of (header || '').split(',')) {
    const match = part.match(/<([^>]*)>\s*;\s*rel="?([a-z]+)"?/i);
    if (match) rels[match[2].toLowerCase()] = match[1];
  }
  return rels;
}

async function detailOf(response) {
  try {
    const body = await response.json();
    if (body && typeof body.detail === 'string') return body.detail;
    if (body && typeof body === 'object') {
      return Object.entries(body).map(([field, messages]) => `${field}: ${[].concat(messages).join(' ')}`).join('; ');
    }
  } catch (ignored) {
    // not JSON
  }
  return `${response.status} ${response.statusText}`.trim();
}

/**
 * Sends one request with the token, and a JSON body if one is given. Resolves to {body, count,
 * links, date}; rejects with an ApiError (status 0 for network failures). An aborted request
 * rejects with the AbortError.
 */
export async function request(path, { method = 'GET', token = tokenStore.get(), signal, body } = {}) {
  let response;
  const headers = { Accept: 'application/json', Authorization: `Token ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    response = await fetch(path, {
      method,
      signal,
      cache: 'no-store',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'Vigil cannot be reached. Check your connection; retrying.');
  }
  if (!response.ok) throw new ApiError(response.status, await detailOf(response));
  const count = response.headers.get('X-Result-Count');
  return {
    body: method === 'HEAD' || response.status === 204 ? null : await response.json(),
    count: count === null ? null : Number(count),
    links: parseLink(response.headers.get('Link')),
    date: response.headers.get('Date'),
  };
}

export const paths = {
  me: 'api/users/me/',
  customers: 'api/customers/',
  statuses: 'api/marketplace-integration-statuses/',
  status: (uuid) => `api/marketplace-integration-statuses/${encodeURIComponent(uuid)}/`,
  events: 'api/marketplace-integration-status-events/',
  offerings: 'api/marketplace-provider-offerings/',
  channels: 'api/notification-channels/',
  channel: (uuid) => `api/notification-channels/${encodeURIComponent(uuid)}/`,
  notifications: 'api/notifications/',
  windows: 'api/maintenance-windows/',
  window: (uuid) => `api/maintenance-windows/${encodeURIComponent(uuid)}/`,
  demoInbox: 'api/demo/inbox/',
  stream: 'api/marketplace-integration-status-events/stream/',
};

/** Every page of a list, following rel="next", up to {@code max} items. */
export async function all(path, params, { signal, max = 3000 } = {}) {
  const items = [];
  let page = 1;
  for (;;) {
    const result = await request(path + query({ ...params, page, page_size: 300 }), { signal });
    items.push(...result.body);
    if (!result.links.next || items.length >= max) return items;
    page += 1;
  }
}
