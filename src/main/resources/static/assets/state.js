// What the user is looking at (filters, sort, page, open history) lives in the URL fragment, so
// polling never resets it, a reload keeps it and a link can be shared.

export const STATUSES = ['Active', 'Disconnected', 'Unknown'];
export const AGENT_TYPES = ['Order processing', 'Usage reporting', 'Glauth sync', 'Resource sync', 'Event processing'];
// 'problems' (the default): Disconnected, then never seen, then Active, each longest silent first.
// 'added' is the API's own default order (no `o`).
export const SORTS = ['problems', 'last_request_timestamp', '-last_request_timestamp', 'added'];
export const DEFAULT_SORT = 'problems';
export const PAGE_SIZES = [25, 50, 100, 300];
// 'statuses': one row per status; 'offerings': one row per offering, a cell per agent type (offerings.js).
export const VIEWS = ['statuses', 'offerings'];

const HEX32 = /^[0-9a-f]{32}$/i;

export function defaults() {
  return { status: [], agentType: '', customer: '', q: '', o: DEFAULT_SORT, page: 1, size: 25, history: '', view: 'statuses' };
}

/** Reads the fragment, dropping anything that is not a valid value (a hand-edited link is never an error). */
export function read(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state = defaults();
  state.status = (params.get('status') || '').split(',').filter((s) => STATUSES.includes(s));
  const agentType = params.get('agent_type') || '';
  state.agentType = /^[1-5]$/.test(agentType) ? agentType : '';
  const customer = params.get('customer') || '';
  state.customer = HEX32.test(customer) ? customer.toLowerCase() : '';
  state.q = (params.get('q') || '').slice(0, 150);
  const o = params.get('o') || DEFAULT_SORT;
  state.o = SORTS.includes(o) ? o : DEFAULT_SORT;
  const page = Number.parseInt(params.get('page') || '1', 10);
  state.page = Number.isFinite(page) && page > 0 ? page : 1;
  const size = Number.parseInt(params.get('size') || '25', 10);
  state.size = PAGE_SIZES.includes(size) ? size : 25;
  const history = params.get('history') || '';
  state.history = HEX32.test(history) ? history.toLowerCase() : '';
  state.view = VIEWS.includes(params.get('view')) ? params.get('view') : 'statuses';
  return state;
}

/** The fragment for a state; defaults are left out so a plain board has a plain URL. */
export function hashOf(state) {
  const params = new URLSearchParams();
  if (state.status.length) params.set('status', state.status.join(','));
  if (state.agentType) params.set('agent_type', state.agentType);
  if (state.customer) params.set('customer', state.customer);
  if (state.q) params.set('q', state.q);
  if (state.o !== DEFAULT_SORT) params.set('o', state.o);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.size !== 25) params.set('size', String(state.size));
  if (state.history) params.set('history', state.history);
  if (state.view !== 'statuses') params.set('view', state.view);
  const text = params.toString();
  return text ? `#${text}` : '';
}

export function write(state) {
  const hash = hashOf(state);
  if (hash !== location.hash && !(hash === '' && location.hash === '#')) {
    history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  }
}

/** The list API's filters for a state (without paging): the same ones a script would send. */
export function filterParams(state) {
  return {
    status: state.status,
    agent_type: state.agentType,
    customer_uuid: state.customer,
    offering_name: state.q.trim(),
    o: state.o === 'added' ? '' : state.o,
  };
}

/**
 * A sign-in link (the demo prints one): `#token=...` is taken into the tab's session storage and
 * removed from the address bar at once.
 */
export function takeTokenFromHash() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (!token) return null;
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return token;
}
