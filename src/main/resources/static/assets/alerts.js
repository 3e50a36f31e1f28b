// The alerts page: a customer's notification channels (add, test, remove), the recent deliveries
// with their outcome, and maintenance windows (declare, remove). Signs in with the token the
// statuses page keeps for this tab; every call is the public API, scoped as for any client.

import { ApiError, all, paths, query, request } from './api.js';
import { exactUtc, syncClock } from './format.js';

const REFRESH_MS = 5000;
const $ = (id) => document.getElementById(id);

let me = null;
let customers = [];
let offeringNames = new Map();

// ---- small helpers ----

function cell(row, value) {
  const td = document.createElement('td');
  if (value instanceof Node) td.append(value);
  else td.textContent = value === null || value === undefined || value === '' ? '—' : String(value);
  row.append(td);
  return td;
}

function button(label, onClick, className = 'btn') {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

function badge(text, kind) {
  const span = document.createElement('span');
  span.className = `badge badge-${kind}`;
  span.textContent = text;
  return span;
}

/** "PT5M" as "5 min"; PT0S as "at once". */
function duration(iso) {
  if (!iso) return null;
  const m = /^PT?(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso);
  if (!m) return iso;
  const [, d, h, min, s] = m.map((v) => (v === undefined ? 0 : Number(v)));
  const parts = [d && `${d} d`, h && `${h} h`, min && `${min} min`, s && `${s} s`].filter(Boolean);
  return parts.length ? parts.join(' ') : 'at once';
}

function customerOf(item) {
  if (item.customer_name) return item.customer_name;
  const uuid = typeof item.customer === 'object' && item.customer ? item.customer.uuid : item.customer || item.customer_uuid;
  return uuid ? customers.find((c) => c.uuid === uuid)?.name || uuid : 'All customers (global)';
}

function problem(error) {
  return error instanceof ApiError ? error.detail : String(error.message || error);
}

function fail(error) {
  if (error instanceof ApiError && error.status === 401) {
    $('alerts').hidden = true;
    $('session').hidden = true;
    $('signed-out').hidden = false;
    return true;
  }
  $('error-banner').hidden = false;
  $('error-banner').textContent = `Could not load alerts: ${problem(error)}`;
  return false;
}

// ---- channels ----

async function loadChannels() {
  const list = await request(paths.channels + query({ page_size: 100 }));
  syncClock(list.date);
  const rows = list.body.map((channel) => {
    const row = document.createElement('tr');
    row.dataset.uuid = channel.uuid;
    cell(row, channel.name);
    cell(row, channel.kind);
    const where = cell(row, channel.kind === 'email' ? (channel.emails || []).join(', ') : channel.url);
    // The API shows a URL without its secret (a Slack URL as its origin only).
    if (channel.has_url_secret) where.title = 'The rest of this URL is a secret: it is never shown, only replaced.';
    cell(row, customerOf(channel));
    const policy = [`alert after ${duration(channel.alert_after) || 'at once'}`];
    if (channel.repeat_every) policy.push(`remind every ${duration(channel.repeat_every)}`);
    if (channel.enabled === false) policy.push('disabled');
    cell(row, policy.join(', '));
    const actions = cell(row, '');
    actions.className = 'actions';
    actions.textContent = '';
    actions.append(button('Send test', () => testChannel(channel)),
      button('Remove', () => removeChannel(channel), 'btn btn-ghost'));
    return row;
  });
  $('channel-rows').replaceChildren(...rows);
  $('channels-state').textContent = rows.length ? '' : 'No channels yet: add one below to be told when an agent goes silent.';
}

async function testChannel(channel) {
  const result = $('test-result');
  result.hidden = false;
  result.className = 'banner banner-info';
  result.textContent = `Sending a test message to ${channel.name}…`;
  try {
    const answer = (await request(`${paths.channel(channel.uuid)}test/`, { method: 'POST', body: {} })).body;
    result.className = `banner ${answer.succeeded ? 'banner-info' : 'banner-error'}`;
    const took = answer.latency_ms === null || answer.latency_ms === undefined ? '' : ` in ${answer.latency_ms} ms`;
    result.textContent = answer.succeeded
      ? `Test to ${channel.name} delivered: ${answer.outcome}${took}.`
      : `Test to ${channel.name} failed: ${answer.outcome || ''}${answer.error ? ` (${answer.error})` : ''}${took}.`;
  } catch (error) {
    if (fail(error)) return;
    result.className = 'banner banner-error';
    result.textContent = `Test to ${channel.name} could not be sent: ${problem(error)}`;
  }
}

async function removeChannel(channel) {
  if (!window.confirm(`Remove the channel "${channel.name}"? Its delivery history goes with it.`)) return;
  try {
    await request(paths.channel(channel.uuid), { method: 'DELETE' });
    await loadChannels();
  } catch (error) {
    if (!fail(error)) showMessage('channel-message', `Could not remove ${channel.name}: ${problem(error)}`);
  }
}

function showMessage(id, text) {
  $(id).hidden = !text;
  $(id).textContent = text || '';
}

function kindChanged() {
  const kind = $('c-kind').value;
  $('c-url-field').hidden = kind === 'email';
  $('c-emails-field').hidden = kind !== 'email';
  $('c-secret-field').hidden = kind !== 'webhook';
}

async function addChannel(event) {
  event.preventDefault();
  const kind = $('c-kind').value;
  const body = {
    name: $('c-name').value.trim(),
    kind,
    alert_after: $('c-alert-after').value,
  };
  if ($('c-repeat').value) body.repeat_every = $('c-repeat').value;
  if ($('c-customer').value) body.customer = $('c-customer').value;
  if (kind === 'email') body.emails = $('c-emails').value.split(',').map((e) => e.trim()).filter(Boolean);
  else body.url = $('c-url').value.trim();
  if (kind === 'webhook' && $('c-secret').value) body.secret = $('c-secret').value;
  $('channel-submit').disabled = true;
  try {
    await request(paths.channels, { method: 'POST', body });
    showMessage('channel-message', '');
    $('channel-form').reset();
    fillCustomers();
    kindChanged();
    await loadChannels();
  } catch (error) {
    if (!fail(error)) showMessage('channel-message', `The channel was not added: ${problem(error)}`);
  } finally {
    $('channel-submit').disabled = false;
  }
}

// ---- deliveries ----

function summary(events) {
  const counts = {};
  for (const item of events || []) counts[item.what] = (counts[item.what] || 0) + 1;
  const words = { disconnected: 'disconnected', recovered: 'recovered', reminder: 'still disconnected' };
  return Object.entries(counts).map(([what, n]) => `${n} ${words[what] || what}`).join(', ');
}

async function loadDeliveries() {
  const list = await request(paths.notifications + query({ page_size: 25 }));
  const rows = list.body.map((delivery) => {
    const row = document.createElement('tr');
    row.dataset.uuid = delivery.uuid;
    cell(row, exactUtc(delivery.created).replace(' UTC', ''));
    cell(row, delivery.channel_name);
    cell(row, delivery.customer_name);
    // A mirror source's change of health names the source instead of statuses.
    const source = delivery.source_event;
    cell(row, source ? `source ${source.source_name} ${source.to_state}` : summary(delivery.events));
    const kinds = { sent: 'active', failed: 'disconnected', pending: 'unknown' };
    cell(row, badge(delivery.state, kinds[delivery.state] || 'unknown'));
    const last = (delivery.attempts || []).at(-1);
    cell(row, last ? `${last.outcome}${last.error ? ` (${last.error})` : ''}, ${last.latency_ms} ms` : 'not tried yet');
    return row;
  });
  $('delivery-rows').replaceChildren(...rows);
  $('deliveries-state').textContent = rows.length ? '' : 'Nothing has been sent yet.';
}

// ---- maintenance windows ----

async function loadWindows() {
  const list = await request(paths.windows + query({ page_size: 100 }));
  const rows = list.body.map((w) => {
    const row = document.createElement('tr');
    row.dataset.uuid = w.uuid;
    cell(row, customerOf(w));
    const offerings = (w.offering_uuids || []).map((uuid) => offeringNames.get(uuid) || uuid);
    cell(row, offerings.length ? offerings.join(', ') : 'all');
    cell(row, exactUtc(w.start).replace(' UTC', ''));
    cell(row, exactUtc(w.end).replace(' UTC', ''));
    const reason = cell(row, w.reason);
    if (w.active) reason.prepend(badge('in progress', 'unknown'), ' ');
    const actions = cell(row, '');
    actions.textContent = '';
    actions.append(button('Remove', () => removeWindow(w), 'btn btn-ghost'));
    return row;
  });
  $('window-rows').replaceChildren(...rows);
  $('windows-state').textContent = rows.length ? '' : 'No maintenance windows.';
}

async function removeWindow(w) {
  if (!window.confirm(`Remove the maintenance window "${w.reason}"?`)) return;
  try {
    await request(paths.window(w.uuid), { method: 'DELETE' });
    await loadWindows();
  } catch (error) {
    if (!fail(error)) showMessage('window-message', `Could not remove the window: ${problem(error)}`);
  }
}

async function loadOfferings() {
  const customer = $('w-customer').value;
  const offerings = customer ? await all(paths.offerings, { customer_uuid: customer }) : [];
  $('w-offerings').replaceChildren(...offerings.map((o) => new Option(o.name, o.uuid)));
}

/** A datetime-local value, read as UTC. */
function utc(value) {
  return value ? `${value.length === 16 ? `${value}:00` : value}Z` : '';
}

async function addWindow(event) {
  event.preventDefault();
  const offerings = [...$('w-offerings').selectedOptions].map((o) => o.value);
  const body = { start: utc($('w-start').value), end: utc($('w-end').value), reason: $('w-reason').value.trim() };
  if (offerings.length) body.offering_uuids = offerings;
  else body.customer = $('w-customer').value;
  $('window-submit').disabled = true;
  try {
    await request(paths.windows, { method: 'POST', body });
    showMessage('window-message', '');
    $('w-reason').value = '';
    await loadWindows();
  } catch (error) {
    if (!fail(error)) showMessage('window-message', `The window was not declared: ${problem(error)}`);
  } finally {
    $('window-submit').disabled = false;
  }
}

// ---- start ----

function fillCustomers() {
  const options = customers.map((c) => new Option(c.name, c.uuid));
  $('c-customer').replaceChildren(...(me.is_staff ? [new Option('All customers (global)', '')] : []),
    ...options.map((o) => o.cloneNode(true)));
  $('w-customer').replaceChildren(...options);
}

// ---- the demo's team room (only in demo mode; elsewhere the path is not found) ----

async function loadInbox() {
  let messages;
  try {
    messages = (await request(paths.demoInbox)).body;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return;
    throw error;
  }
  $('inbox').hidden = false;
  $('inbox-messages').replaceChildren(...messages.map((message) => {
    const item = document.createElement('li');
    const when = document.createElement('time');
    when.dateTime = message.received;
    when.textContent = exactUtc(message.received);
    const text = document.createElement('pre');
    text.textContent = message.text;
    item.append(when, text);
    return item;
  }));
  $('inbox-state').textContent = messages.length ? '' : 'No alert has reached the team room yet.';
}

async function refresh() {
  try {
    await Promise.all([loadChannels(), loadDeliveries(), loadWindows(), loadInbox()]);
    $('error-banner').hidden = true;
  } catch (error) {
    if (fail(error)) return;
  }
  setTimeout(refresh, REFRESH_MS);
}

async function start() {
  try {
    me = (await request(paths.me)).body;
    customers = (await all(paths.customers, {})).sort((a, b) => a.name.localeCompare(b.name));
    offeringNames = new Map((await all(paths.offerings, {})).map((o) => [o.uuid, o.name]));
  } catch (error) {
    fail(error);
    return;
  }
  $('who-name').textContent = me.username;
  $('session').hidden = false;
  $('alerts').hidden = false;
  fillCustomers();
  kindChanged();
  const inAnHour = new Date(Date.now() + 3600 * 1000).toISOString().slice(0, 16);
  $('w-start').value = new Date().toISOString().slice(0, 16);
  $('w-end').value = inAnHour;
  $('c-kind').addEventListener('change', kindChanged);
  $('channel-form').addEventListener('submit', addChannel);
  $('w-customer').addEventListener('change', () => loadOfferings().catch(fail));
  $('window-form').addEventListener('submit', addWindow);
  loadOfferings().catch(fail);
  refresh();
}

start();
