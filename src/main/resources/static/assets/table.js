// The status table. Rows are kept by status UUID and updated in place on every poll, so focus,
// hover and scroll position survive a refresh; a row whose status changed flashes once.

import { durationSeconds, exactUtc, now, setTime, span, timeElement } from './format.js';
import { markSource } from './source-mark.js';

const COLUMNS = ['Offering', 'Customer', 'Agent type', 'Status', 'Last seen', 'Deadline', 'Service'];

export function badge(status) {
  const span = document.createElement('span');
  span.className = `badge badge-${String(status).toLowerCase()}`;
  span.textContent = status;
  return span;
}

function text(value) {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

function createRow(item, onOpen) {
  const row = document.createElement('tr');
  row.dataset.uuid = item.uuid;
  row.tabIndex = 0;
  row.setAttribute('aria-haspopup', 'dialog');
  COLUMNS.forEach((label) => {
    const cell = document.createElement('td');
    cell.dataset.label = label;
    row.append(cell);
  });
  row.cells[0].className = 'col-offering';
  row.cells[3].className = 'col-status';
  row.cells[4].className = 'col-seen';
  row.cells[5].className = 'col-deadline';
  row.cells[6].className = 'col-service';
  row.cells[4].append(timeElement(item.last_request_timestamp));
  row.cells[5].append(timeElement(item.deadline, 'until'));
  row.addEventListener('click', () => onOpen(row.dataset.uuid));
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(row.dataset.uuid);
    } else if (event.key === 'ArrowDown' && row.nextElementSibling) {
      event.preventDefault();
      row.nextElementSibling.focus();
    } else if (event.key === 'ArrowUp' && row.previousElementSibling) {
      event.preventDefault();
      row.previousElementSibling.focus();
    }
  });
  return row;
}

function setText(cell, value) {
  const shown = text(value);
  if (cell.textContent !== shown) cell.textContent = shown;
}

function updateRow(row, item) {
  const [offering, customer, agentType, status, seen, deadline, service] = row.cells;
  setText(offering, item.offering_name);
  setText(customer, item.customer_name);
  setText(agentType, item.agent_type);
  if (row.dataset.status !== item.status) {
    // A problem says for how long; an Active row's deadline column says how long it has left.
    status.replaceChildren(badge(item.status), ...(item.status === 'Active' ? [] : [' ', timeElement(null, 'for')]));
    row.dataset.status = item.status;
  }
  const held = status.querySelector('time');
  if (held) setTime(held, item.status_since || null, 'for');
  setTime(deadline.querySelector('time'), item.deadline || null, 'until');
  setTime(seen.querySelector('time'), item.last_request_timestamp);
  setText(service, item.service_name);
  row.setAttribute('aria-label',
    `${text(item.offering_name)}, ${item.agent_type}: ${item.status}. Press Enter for history.`);
}

/** A row under a maintenance window in progress says so beside its status: no alerts go out for it. */
function markMaintenance(row, window) {
  const cell = row.cells[3];
  let mark = cell.querySelector('.maintenance');
  if (!window) {
    mark?.remove();
    return;
  }
  if (!mark) {
    mark = document.createElement('span');
    mark.className = 'badge maintenance';
    mark.textContent = 'maintenance';
    cell.append(' ', mark);
  }
  mark.title = `Maintenance until ${exactUtc(window.end)}: ${window.reason}`;
}

/**
 * An Active status silent past its learned rhythm (the API's {@code late}) is shown apart: an amber
 * mark beside its status saying what was expected and how long it has been silent.
 */
export function lateText(item) {
  const expected = durationSeconds(item.expected_interval);
  const silent = (now() - Date.parse(item.last_request_timestamp)) / 1000;
  return `late: expected every ~${span(expected)}, silent ${span(silent)}`;
}

function markLate(row, item) {
  const cell = row.cells[3];
  let mark = cell.querySelector('.late');
  row.classList.toggle('row-late', Boolean(item.late));
  if (!item.late) {
    mark?.remove();
    return;
  }
  if (!mark) {
    mark = document.createElement('span');
    mark.className = 'badge late';
    cell.append(' ', mark);
  }
  const text = lateText(item);
  if (mark.textContent !== text) mark.textContent = text;
  mark.title = `Suspicion ${item.suspicion}: Disconnected at ${exactUtc(item.deadline)} unless it checks in`;
}

/**
 * Shows {@code items} in {@code tbody}. Returns the rows whose status differs from the previous
 * render (for the announcement), ignoring rows that are new on this page.
 */
export function render(tbody, items, onOpen, underMaintenance = () => undefined) {
  const existing = new Map([...tbody.rows].map((row) => [row.dataset.uuid, row]));
  const focused = document.activeElement?.closest?.('tr[data-uuid]')?.dataset.uuid;
  const changed = [];
  const rows = items.map((item) => {
    let row = existing.get(item.uuid);
    if (row) {
      if (row.dataset.status && row.dataset.status !== item.status) {
        changed.push(item);
        row.classList.remove('flash');
        void row.offsetWidth; // restart the animation
        row.classList.add('flash');
      }
      existing.delete(item.uuid);
    } else {
      row = createRow(item, onOpen);
    }
    updateRow(row, item);
    markMaintenance(row, underMaintenance(item));
    markLate(row, item);
    markSource(row, item);
    return row;
  });
  existing.forEach((row) => row.remove());
  const inOrder = rows.every((row, index) => tbody.rows[index] === row) && tbody.rows.length === rows.length;
  if (!inOrder) {
    tbody.replaceChildren(...rows);
    if (focused) tbody.querySelector(`tr[data-uuid="${CSS.escape(focused)}"]`)?.focus();
  }
  return changed;
}
