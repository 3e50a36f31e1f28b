// The mirror sources page (staff): each source's health, last successful poll, last error and
// what it feeds, and its recent changes of health. Signs in with the token the statuses page
// keeps for this tab; every call is the public API.

import { ApiError, query, request } from './api.js';
import { exactUtc, syncClock, tick, timeElement } from './format.js';

const REFRESH_MS = 5000;
const EVENTS_PER_SOURCE = 10;
const $ = (id) => document.getElementById(id);

function cell(row, value, label) {
  const td = document.createElement('td');
  td.dataset.label = label;
  if (value instanceof Node) td.append(value);
  else td.textContent = value === null || value === undefined || value === '' ? '—' : String(value);
  row.append(td);
  return td;
}

/** healthy as Active's green, new as Unknown's grey, any failure as Disconnected's red. */
function health(state) {
  const span = document.createElement('span');
  const kind = state === 'healthy' ? 'active' : state === 'new' ? 'unknown' : 'disconnected';
  span.className = `badge badge-${kind}`;
  span.textContent = state;
  return span;
}

function since(iso) {
  return iso ? timeElement(iso) : null;
}

function sourceRow(source) {
  const row = document.createElement('tr');
  row.dataset.uuid = source.uuid;
  const name = document.createElement('div');
  const strong = document.createElement('strong');
  strong.textContent = source.name;
  const url = document.createElement('div');
  url.className = 'muted';
  url.textContent = source.url;
  name.append(strong, url);
  cell(row, name, 'Source');
  cell(row, health(source.state), 'Health').className = 'col-status';
  cell(row, since(source.last_success), 'Last successful poll');
  const error = document.createElement('div');
  if (source.last_error) {
    error.textContent = source.last_error;
    error.className = 'source-error';
    if (source.last_error_at) error.append(' (', timeElement(source.last_error_at), ')');
  }
  cell(row, source.last_error ? error : null, 'Last error');
  cell(row, `${source.offerings} offerings, ${source.statuses} statuses`, 'Mirrored');
  cell(row, source.poll_interval, 'Poll every');
  return row;
}

function changeRow(event, source) {
  const row = document.createElement('tr');
  const when = document.createElement('time');
  when.dateTime = event.created;
  when.textContent = exactUtc(event.created);
  cell(row, when, 'When (UTC)');
  cell(row, source.name, 'Source');
  const change = document.createElement('span');
  change.append(health(event.from_state), ' \u2192 ', health(event.to_state));
  cell(row, change, 'Change');
  cell(row, event.error, 'Error');
  return row;
}

async function load() {
  const list = await request(`/api/mirror-sources/${query({ page_size: 100 })}`);
  syncClock(list.date);
  const sources = list.body;
  $('source-rows').replaceChildren(...sources.map(sourceRow));
  $('sources-state').textContent = sources.length ? ''
    : 'No mirror source. Staff add one with POST /api/mirror-sources/ or VIGIL_MIRROR_URL (see docs/mirror.md).';
  const histories = await Promise.all(sources.map((source) =>
    request(`/api/mirror-sources/${source.uuid}/events/${query({ page_size: EVENTS_PER_SOURCE })}`)
      .then((answer) => answer.body.map((event) => ({ event, source })))));
  const changes = histories.flat().sort((a, b) => b.event.created.localeCompare(a.event.created));
  $('change-rows').replaceChildren(...changes.map(({ event, source }) => changeRow(event, source)));
  $('changes-state').textContent = changes.length ? '' : 'No change of health yet.';
  tick();
}

function fail(error) {
  if (error instanceof ApiError && error.status === 401) {
    $('sources').hidden = true;
    $('session').hidden = true;
    $('signed-out').hidden = false;
    return true;
  }
  $('error-banner').hidden = false;
  $('error-banner').textContent = `Could not load the mirror sources: ${error instanceof ApiError ? error.detail : error.message}`;
  return false;
}

async function refresh() {
  try {
    await load();
    $('error-banner').hidden = true;
  } catch (error) {
    if (fail(error)) return;
  }
  setTimeout(refresh, REFRESH_MS);
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
  $('sources').hidden = false;
  if (!me.is_staff) {
    $('sources-state').textContent = 'Only staff see mirror sources.';
    return;
  }
  refresh();
}

start();
