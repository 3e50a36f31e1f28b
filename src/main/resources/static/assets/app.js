// The dashboard: signs in with a token, then follows the live stream of status events, reloading
// the board when an event arrives, and polls Vigil's public API every few seconds while the
// stream is not open (stream.js). What the
// user has chosen (filters, sort, page, open history) lives in the URL fragment (state.js), so a
// refresh never resets it; only the data is replaced, row by row.

import { ApiError, all, paths, query, request, tokenStore } from './api.js';
import { now, number, syncClock, tick } from './format.js';
import { HistoryDialog } from './history.js';
import { offeringParams, offeringTable, renderOfferings } from './offerings.js';
import * as State from './state.js';
import { openStream } from './stream.js';
import { render } from './table.js';

const POLL_MS = 3000;
const STREAM_POLL_MS = 15000; // with the stream open, polling is a safety net (statuses created without an event)
const STREAM_RETRY_MS = 5000; // after the stream failed, polling runs until it is open again
const EVENT_SETTLE_MS = 200; // events arriving together cause one refresh
const CUSTOMERS_EVERY = 20; // polls between reloads of the customer filter's choices

const $ = (id) => document.getElementById(id);
const el = {
  signin: $('signin'), signinForm: $('signin-form'), signinMessage: $('signin-message'),
  tokenInput: $('token-input'), signinSubmit: $('signin-submit'),
  board: $('board'), session: $('session'), whoName: $('who-name'), whoScope: $('who-scope'),
  errorBanner: $('error-banner'), liveState: $('live-state'), liveText: $('live-text'),
  rows: $('rows'), table: $('statuses'), tableState: $('table-state'), summary: $('table-summary'),
  pageInfo: $('page-info'), pageSize: $('page-size'), agentType: $('f-agent-type'), customer: $('f-customer'),
  offering: $('f-offering'), sort: $('f-sort'), thLastSeen: $('th-last-seen'), announcer: $('announcer'),
};
el.offerings = offeringTable(el.table);

let state = State.read();
let timer = 0;
let inFlight = null; // the AbortController of the refresh under way
let polls = 0;
let signedIn = false;
let stream = null; // the open (or opening) live stream
let streaming = false; // whether it is open and delivering
let streamRetry = 0;
let eventRefresh = 0;
let loadedOnce = false;

const historyDialog = new HistoryDialog({
  onClose: () => {
    if (state.history) update({ history: '' }, { refresh: false, resetPage: false });
  },
  onUnauthorized: (error) => expired(error),
});

// ---- signing in and out ----

function showSignIn(message, kind = 'error') {
  signedIn = false;
  stopPolling();
  el.board.hidden = true;
  el.session.hidden = true;
  el.signin.hidden = false;
  el.signinMessage.hidden = !message;
  el.signinMessage.textContent = message || '';
  el.signinMessage.className = `banner banner-${kind}`;
  el.tokenInput.value = '';
  el.tokenInput.focus();
}

async function signIn(token) {
  el.signinSubmit.disabled = true;
  el.signinSubmit.textContent = 'Signing in…';
  try {
    const me = await request(paths.me, { token });
    tokenStore.set(token);
    showBoard(me.body);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) tokenStore.clear();
    showSignIn(signInProblem(error));
  } finally {
    el.signinSubmit.disabled = false;
    el.signinSubmit.textContent = 'Sign in';
  }
}

function signInProblem(error) {
  if (!(error instanceof ApiError)) return `Sign-in failed: ${error.message}`;
  if (error.status === 401) return `This token was not accepted (${error.detail}) Check that it is complete and has not been revoked or expired.`;
  if (error.status === 403) return 'This is an agent token: it may only check in. Sign in with a personal API token.';
  if (error.status === 0) return error.detail;
  return `Sign-in failed: ${error.detail}`;
}

/** A 401 while signed in: the token was revoked or expired, or the user deactivated. */
function expired(error) {
  tokenStore.clear();
  if (historyDialog.isOpen) historyDialog.dialog.close();
  showSignIn(`Your token is no longer valid (${error.detail}) It may have expired or been revoked. Sign in again to continue; your filters are kept.`, 'warning');
}

function signOut() {
  tokenStore.clear();
  showSignIn('Signed out. The token was removed from this tab.', 'info');
}

function showBoard(me) {
  signedIn = true;
  loadedOnce = false;
  el.signin.hidden = true;
  el.board.hidden = false;
  el.session.hidden = false;
  el.whoName.textContent = me.username;
  el.whoScope.textContent = me.is_staff ? '· staff, all statuses' : me.is_support ? '· support, all statuses'
    : '· statuses of your offerings';
  el.rows.replaceChildren();
  el.tableState.textContent = 'Loading statuses…';
  el.table.setAttribute('aria-busy', 'true');
  state = State.read();
  syncControls();
  loadCustomers();
  stream = null;
  startStream();
  refresh({ user: true });
  if (state.history) historyDialog.open(state.history, focusRow);
}

// ---- state and controls ----

function update(changes, { refresh: again = true, resetPage = true } = {}) {
  state = { ...state, ...(resetPage ? { page: 1 } : {}), ...changes };
  State.write(state);
  syncControls();
  if (again) refresh({ user: true });
}

function syncControls() {
  for (const box of document.querySelectorAll('input[name="status"]')) box.checked = state.status.includes(box.value);
  for (const button of document.querySelectorAll('.count')) {
    const value = button.dataset.status;
    const pressed = value ? state.status.length === 1 && state.status[0] === value : state.status.length === 0;
    button.setAttribute('aria-pressed', String(pressed));
  }
  el.agentType.value = state.agentType;
  ensureCustomerOption(state.customer);
  el.customer.value = state.customer;
  if (document.activeElement !== el.offering) el.offering.value = state.q;
  el.sort.value = state.o;
  const byOffering = state.view === 'offerings';
  for (const button of document.querySelectorAll('.view-toggle [data-view]')) {
    button.setAttribute('aria-pressed', String(button.dataset.view === state.view));
  }
  el.table.hidden = byOffering;
  el.offerings.hidden = !byOffering;
  el.sort.disabled = byOffering; // the offering view is always problems first
  el.pageSize.value = String(state.size);
  el.thLastSeen.setAttribute('aria-sort',
    state.o === '-last_request_timestamp' ? 'descending' : state.o === 'last_request_timestamp' ? 'ascending' : 'none');
}

function ensureCustomerOption(uuid) {
  if (uuid && ![...el.customer.options].some((option) => option.value === uuid)) {
    el.customer.append(new Option('(a customer not in your view)', uuid));
  }
}

async function loadCustomers() {
  try {
    const customers = await all(paths.customers, {});
    const chosen = state.customer;
    el.customer.replaceChildren(new Option('All customers', ''),
      ...customers.sort((a, b) => a.name.localeCompare(b.name)).map((c) => new Option(c.name, c.uuid)));
    ensureCustomerOption(chosen);
    el.customer.value = chosen;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) expired(error);
    // otherwise keep the choices we have; the board's own refresh reports the problem
  }
}

function wireControls() {
  el.signinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = el.tokenInput.value.trim().replace(/^(Token|Bearer)\s+/i, '');
    if (!token) {
      showSignIn('Enter an API token.');
      return;
    }
    signIn(token);
  });
  $('sign-out').addEventListener('click', signOut);
  for (const box of document.querySelectorAll('input[name="status"]')) {
    box.addEventListener('change', () => update({
      status: [...document.querySelectorAll('input[name="status"]:checked')].map((b) => b.value),
    }));
  }
  for (const button of document.querySelectorAll('.count')) {
    button.addEventListener('click', () => update({ status: button.dataset.status ? [button.dataset.status] : [] }));
  }
  el.agentType.addEventListener('change', () => update({ agentType: el.agentType.value }));
  el.customer.addEventListener('change', () => update({ customer: el.customer.value }));
  el.sort.addEventListener('change', () => update({ o: el.sort.value }));
  for (const button of document.querySelectorAll('.view-toggle [data-view]')) {
    button.addEventListener('click', () => update({ view: button.dataset.view }));
  }
  el.pageSize.addEventListener('change', () => update({ size: Number(el.pageSize.value) }));
  let debounce = 0;
  el.offering.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => update({ q: el.offering.value.slice(0, 150) }), 300);
  });
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  $('sort-last-seen').addEventListener('click', () => {
    const next = { '-last_request_timestamp': 'last_request_timestamp', last_request_timestamp: State.DEFAULT_SORT };
    update({ o: next[state.o] || '-last_request_timestamp' });
  });
  $('clear-filters').addEventListener('click', () => update({ status: [], agentType: '', customer: '', q: '' }));
  $('page-first').addEventListener('click', () => update({ page: 1 }, { resetPage: false }));
  $('page-prev').addEventListener('click', () => update({ page: Math.max(1, state.page - 1) }, { resetPage: false }));
  $('page-next').addEventListener('click', () => update({ page: state.page + 1 }, { resetPage: false }));
  $('page-last').addEventListener('click', () => update({ page: lastPage }, { resetPage: false }));
  window.addEventListener('hashchange', () => {
    if (!signedIn) return;
    const token = State.takeTokenFromHash();
    if (token) {
      signIn(token);
      return;
    }
    state = State.read();
    syncControls();
    refresh({ user: true });
    if (state.history && state.history !== historyDialog.uuid) historyDialog.open(state.history, focusRow);
  });
  document.addEventListener('visibilitychange', () => {
    if (signedIn && !document.hidden) refresh({ user: true });
  });
}

function openHistory(uuid) {
  update({ history: uuid }, { refresh: false, resetPage: false });
  historyDialog.open(uuid, focusRow);
}

function focusRow(uuid) {
  (el.rows.querySelector(`tr[data-uuid="${CSS.escape(uuid)}"]`)
    || el.offerings.querySelector(`button[data-status="${CSS.escape(uuid)}"]`))?.focus();
}

// ---- polling ----

let lastPage = 1;

function stopPolling() {
  clearTimeout(timer);
  inFlight?.abort();
  inFlight = null;
  stopStream();
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(() => {
    if (signedIn && !document.hidden) refresh();
    else schedule();
  }, streaming ? STREAM_POLL_MS : POLL_MS);
}

// ---- the live stream ----

function startStream() {
  stopStream();
  if (!signedIn) return;
  stream = openStream(paths.stream, tokenStore.get(), stream?.lastId, {
    onOpen: () => {
      streaming = true;
      schedule();
    },
    onEvent: () => {
      clearTimeout(eventRefresh);
      eventRefresh = setTimeout(() => refresh({ user: true }), EVENT_SETTLE_MS);
    },
    onClose: (status) => {
      streaming = false;
      if (!signedIn) return;
      // Polling carries on (and reports a revoked token); the stream is tried again later.
      schedule();
      streamRetry = setTimeout(startStream, status === 401 ? POLL_MS : STREAM_RETRY_MS);
    },
  });
}

function stopStream() {
  clearTimeout(streamRetry);
  clearTimeout(eventRefresh);
  const previous = stream;
  stream = previous ? { lastId: previous.lastId } : null;
  previous?.close?.();
  streaming = false;
}

/**
 * Fetches the page and the counts for the current state. A user action aborts a refresh under
 * way and starts a fresh one; a poll never overlaps another refresh.
 */
async function refresh({ user = false } = {}) {
  if (!signedIn || (inFlight && !user)) return;
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const shown = state;
  const filters = State.filterParams(shown);
  const counting = { ...filters, status: [], o: '' };
  try {
    const [list, windows, ...counts] = await Promise.all([
      request(listPath(shown, { page: shown.page, page_size: shown.size }), { signal: controller.signal }),
      activeWindows(controller.signal),
      ...['', ...State.STATUSES].map((status) => request(paths.statuses + query({ ...counting, status }),
        { method: 'HEAD', signal: controller.signal })),
    ]);
    maintenance = windows;
    if (inFlight !== controller) return;
    syncClock(list.date);
    showPage(shown, list, counts);
    live(true);
  } catch (error) {
    if (error.name === 'AbortError' || inFlight !== controller) return;
    if (error instanceof ApiError && error.status === 401) {
      expired(error);
      return;
    }
    if (error instanceof ApiError && error.status === 404 && shown.page > 1) {
      // The list shrank under this page: go to its new last page.
      inFlight = null;
      lastPageOf(listPath(shown), shown.size).then((page) => update({ page }, { resetPage: false }));
      return;
    }
    showError(error);
  } finally {
    if (inFlight === controller) {
      inFlight = null;
      if (signedIn) schedule();
    }
  }
  polls += 1;
  if (polls % CUSTOMERS_EVERY === 0) loadCustomers();
  if (historyDialog.isOpen) historyDialog.refresh();
}

// Maintenance windows in progress, to mark the rows they cover; the board works without them.
let maintenance = [];

async function activeWindows(signal) {
  try {
    return (await request(paths.windows + query({ active: 'true', page_size: 300 }), { signal })).body;
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    return maintenance;
  }
}

/** The window in progress that covers a status's row, if any: the API says which offerings each covers. */
function underMaintenance(item) {
  return maintenance.find((w) => (w.covered_offering_uuids || []).includes(item.offering_uuid));
}

/** The list the board shows, with its filters: statuses, or offerings in the offering view. */
function listPath(shown, paging = {}) {
  return shown.view === 'offerings' ? paths.offerings + query({ ...offeringParams(shown), ...paging })
    : paths.statuses + query({ ...State.filterParams(shown), ...paging });
}

async function lastPageOf(path, size) {
  try {
    const head = await request(path, { method: 'HEAD' });
    return Math.max(1, Math.ceil(head.count / size));
  } catch (ignored) {
    return 1;
  }
}

function showPage(shown, list, counts) {
  loadedOnce = true;
  el.errorBanner.hidden = true;
  el.table.setAttribute('aria-busy', 'false');
  const byOffering = shown.view === 'offerings';
  if (byOffering) renderOfferings(el.offerings, list.body, openHistory);
  else announce(render(el.rows, list.body, openHistory, underMaintenance));
  const noun = byOffering ? 'offerings' : 'statuses';
  const [total, ...perStatus] = counts.map((c) => c.count);
  document.querySelector('[data-count="all"]').textContent = number(total);
  State.STATUSES.forEach((status, index) => {
    document.querySelector(`[data-count="${status}"]`).textContent = number(perStatus[index]);
  });
  const count = list.count ?? list.body.length;
  lastPage = Math.max(1, Math.ceil(count / shown.size));
  const first = count ? (shown.page - 1) * shown.size + 1 : 0;
  const last = (shown.page - 1) * shown.size + list.body.length;
  el.summary.textContent = count ? `Showing ${number(first)}–${number(last)} of ${number(count)} ${noun}`
    : `No ${noun} to show`;
  el.pageInfo.textContent = `Page ${number(shown.page)} of ${number(lastPage)}`;
  $('page-first').disabled = !list.links.prev;
  $('page-prev').disabled = !list.links.prev;
  $('page-next').disabled = !list.links.next;
  $('page-last').disabled = !list.links.next;
  const filtered = shown.status.length || shown.agentType || shown.customer || shown.q.trim();
  el.tableState.className = list.body.length ? 'table-state' : 'table-state table-empty';
  el.tableState.textContent = list.body.length ? '' : filtered
    ? `No ${noun} match these filters. Change or clear them to see more.`
    : 'No integration statuses in your view yet. A status appears here when an agent checks in for an offering you can see.';
}

function showError(error) {
  el.table.setAttribute('aria-busy', 'false');
  el.errorBanner.hidden = false;
  el.errorBanner.textContent = error instanceof ApiError && error.status !== 0
    ? `Could not refresh the board: ${error.detail}${error.status >= 500 ? ' Retrying every few seconds.' : ''}`
    : 'Vigil cannot be reached. Showing the last data received; retrying every few seconds.';
  if (!loadedOnce) el.tableState.textContent = 'The statuses could not be loaded.';
  live(false);
}

function live(ok) {
  el.liveState.classList.toggle('live-error', !ok);
  el.liveText.textContent = ok
    ? `Live${streaming ? ' (streaming)' : ''} · updated ${new Date(now()).toISOString().slice(11, 19)} UTC`
    : 'Reconnecting…';
}

function announce(changed) {
  if (!changed.length) return;
  el.announcer.textContent = changed.length > 3 ? `${changed.length} statuses changed.`
    : changed.map((item) => `${item.offering_name}, ${item.agent_type} is now ${item.status}.`).join(' ');
}

// ---- start ----

wireControls();
setInterval(() => tick(), 1000);
const linked = State.takeTokenFromHash();
const stored = linked || tokenStore.get();
if (stored) signIn(stored);
else showSignIn('');
