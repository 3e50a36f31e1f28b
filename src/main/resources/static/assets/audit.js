// The audit log page: who changed what in the administration, newest first, filtered and paged
// by the API (GET /api/audit-events/). The filters and the page live in the URL fragment, so a
// reload keeps them and a link can be shared. Signs in with the token the statuses page keeps.

import { ApiError, query, request } from './api.js';
import { exactUtc, syncClock } from './format.js';

const REFRESH_MS = 10000;
const PAGE_SIZE = 25;
const FILTERS = ['object_type', 'action', 'object_uuid', 'user_uuid', 'created_after', 'created_before'];
const $ = (id) => document.getElementById(id);
const inputs = {
  object_type: $('a-type'),
  action: $('a-action'),
  object_uuid: $('a-object'),
  user_uuid: $('a-user'),
  created_after: $('a-after'),
  created_before: $('a-before'),
};

function readState() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const state = { page: 1 };
  for (const name of FILTERS) state[name] = (params.get(name) || '').slice(0, 100);
  const page = Number.parseInt(params.get('page') || '1', 10);
  state.page = Number.isFinite(page) && page > 0 ? page : 1;
  return state;
}

function writeState(state) {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (state[name]) params.set(name, state[name]);
  if (state.page > 1) params.set('page', String(state.page));
  const hash = params.toString() ? `#${params}` : '';
  if (hash !== location.hash) history.replaceState(null, '', hash || location.pathname + location.search);
}

/** What the API is asked: the dates of the form as whole UTC days. */
function apiQuery(state) {
  return query({
    object_type: state.object_type,
    action: state.action,
    object_uuid: state.object_uuid,
    user_uuid: state.user_uuid,
    created_after: state.created_after,
    created_before: state.created_before ? `${state.created_before}T23:59:59.999999Z` : '',
    page: state.page > 1 ? state.page : '',
    page_size: PAGE_SIZE,
  });
}

function cell(row, value, label) {
  const td = document.createElement('td');
  td.dataset.label = label;
  if (value instanceof Node) td.append(value);
  else td.textContent = value === null || value === undefined || value === '' ? '—' : String(value);
  row.append(td);
  return td;
}

/** A UUID that narrows the log to itself when clicked. */
function uuidFilter(uuid, filter, title) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'uuid-link';
  button.textContent = uuid.slice(0, 8);
  button.title = `${title} ${uuid}: show only its changes`;
  button.addEventListener('click', () => apply({ ...readState(), [filter]: uuid, page: 1 }));
  return button;
}

function shown(value) {
  if (value === null || value === undefined) return '∅';
  if (value === '') return '""';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function changeList(changes) {
  const list = document.createElement('ul');
  list.className = 'changes';
  for (const [field, [before, after]] of Object.entries(changes || {})) {
    const item = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = `${field}: `;
    const old = document.createElement('code');
    old.textContent = shown(before);
    const now = document.createElement('code');
    now.textContent = shown(after);
    if (before === null) item.append(name, now);
    else if (after === null) item.append(name, old, ' → ∅');
    else item.append(name, old, ' → ', now);
    list.append(item);
  }
  return list;
}

function eventRow(event) {
  const row = document.createElement('tr');
  row.dataset.uuid = event.uuid;
  const when = document.createElement('time');
  when.dateTime = event.created;
  when.textContent = exactUtc(event.created);
  cell(row, when, 'When (UTC)');
  const who = document.createElement('div');
  const name = document.createElement('strong');
  name.textContent = event.username;
  who.append(name, ' ', uuidFilter(event.user_uuid, 'user_uuid', 'User'));
  const from = document.createElement('div');
  from.className = 'muted';
  from.textContent = event.client_address ? `from ${event.client_address}` : '';
  if (event.token_uuid) from.title = `token ${event.token_uuid}`;
  who.append(from);
  cell(row, who, 'Who');
  cell(row, event.action, 'Action');
  const object = document.createElement('div');
  object.append(event.object_type.replace('_', ' '), ' ', uuidFilter(event.object_uuid, 'object_uuid', 'Object'));
  cell(row, object, 'Object');
  cell(row, changeList(event.changes), 'Changes');
  return row;
}

async function load() {
  const state = readState();
  const answer = await request(`/api/audit-events/${apiQuery(state)}`);
  syncClock(answer.date);
  $('audit-rows').replaceChildren(...answer.body.map(eventRow));
  const filtered = FILTERS.some((name) => state[name]);
  $('audit-state').textContent = answer.body.length ? ''
    : filtered ? 'No change matches these filters.'
      : 'No change you may see yet. The audit log is for staff, and for owners of a customer.';
  const pages = Math.max(1, Math.ceil((answer.count || 0) / PAGE_SIZE));
  $('audit-summary').textContent = `${answer.count || 0} changes · page ${state.page} of ${pages}`;
  $('a-prev').disabled = !answer.links.prev;
  $('a-next').disabled = !answer.links.next;
}

function fail(error) {
  if (error instanceof ApiError && error.status === 401) {
    $('audit').hidden = true;
    $('session').hidden = true;
    $('signed-out').hidden = false;
    return true;
  }
  if (error instanceof ApiError && error.status === 404 && readState().page > 1) {
    // The page is gone (fewer changes match now): back to the first.
    apply({ ...readState(), page: 1 });
    return false;
  }
  $('error-banner').hidden = false;
  $('error-banner').textContent = `Could not load the audit log: ${error instanceof ApiError ? error.detail : error.message}`;
  return false;
}

async function refresh() {
  try {
    await load();
    $('error-banner').hidden = true;
  } catch (error) {
    return fail(error);
  }
  return false;
}

function showFilters(state) {
  for (const name of FILTERS) if (inputs[name].value !== state[name]) inputs[name].value = state[name];
}

async function apply(given) {
  const state = { page: given.page || 1 };
  for (const name of FILTERS) state[name] = given[name] || '';
  writeState(state);
  showFilters(state);
  await refresh();
}

function fromForm() {
  const state = { page: 1 };
  for (const name of FILTERS) state[name] = inputs[name].value.trim();
  return state;
}

async function start() {
  let me;
  try {
    me = (await request('/api/users/me/')).body;
  } catch (error) {
    fail(error);
    return;
  }
  $('who-name').textContent = me.username;
  $('session').hidden = false;
  $('audit').hidden = false;
  for (const input of Object.values(inputs)) {
    input.addEventListener('change', () => apply(fromForm()));
  }
  $('audit-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    apply(fromForm());
  });
  $('a-clear').addEventListener('click', () => apply({ page: 1 }));
  $('a-prev').addEventListener('click', () => apply({ ...readState(), page: Math.max(1, readState().page - 1) }));
  $('a-next').addEventListener('click', () => apply({ ...readState(), page: readState().page + 1 }));
  window.addEventListener('hashchange', () => apply(readState()));
  showFilters(readState());
  const poll = async () => {
    if (await refresh()) return;
    setTimeout(poll, REFRESH_MS);
  };
  poll();
}

start();
