// The offering view of the board: one row per offering, one cell per agent type (as Waldur shows
// one dot per agent type on an offering), from the offering list's embedded integration_status.
// A cell shows the status, how long a problem has lasted and when the agent was last seen; it
// opens that status's history. Offerings come problems first (`o=problems`), filtered like the
// status rows: by customer, name, and by having a status of the chosen kinds and agent type.

import { setTime, timeElement } from './format.js';
import { AGENT_TYPES } from './state.js';
import { badge } from './table.js';

const FIXED = ['Offering', 'Customer'];

/** The table of the offering view, built once beside the status table. */
export function offeringTable(statusTable) {
  const table = document.createElement('table');
  table.className = 'statuses offerings';
  table.id = 'offerings';
  table.hidden = true;
  const caption = document.createElement('caption');
  caption.className = 'sr-only';
  caption.textContent = 'Offerings, one column per agent type. Choose a status for its history.';
  const head = document.createElement('thead');
  const row = head.insertRow();
  for (const label of [...FIXED, ...AGENT_TYPES]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = label;
    row.append(th);
  }
  table.append(caption, head, document.createElement('tbody'));
  statusTable.after(table);
  return table;
}

/** The offering list's parameters for the board's state: its filters, problems first. */
export function offeringParams(state) {
  return {
    status: state.status,
    agent_type: state.agentType,
    customer_uuid: state.customer,
    name: state.q.trim(),
    o: 'problems',
  };
}

function fillCell(cell, status, onOpen) {
  const key = status ? `${status.uuid}|${status.status}|${Boolean(status.last_request_timestamp)}` : '';
  if (cell.dataset.key !== key) {
    cell.dataset.key = key;
    if (!status) {
      cell.replaceChildren(Object.assign(document.createElement('span'), { className: 'muted', textContent: '—' }));
      cell.title = 'No agent of this type';
    } else {
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'agent-status';
      open.dataset.status = status.uuid;
      open.addEventListener('click', () => onOpen(status.uuid));
      const seen = document.createElement('span');
      seen.className = 'agent-seen';
      if (status.last_request_timestamp) seen.append('seen ', timeElement(status.last_request_timestamp));
      else seen.textContent = 'never seen';
      open.append(badge(status.status), ...(status.status === 'Active' ? [] : [' ', timeElement(null, 'for')]), ' ', seen);
      cell.replaceChildren(open);
      cell.title = '';
    }
  }
  const button = cell.querySelector('button');
  if (!status || !button) return;
  const [held] = button.querySelectorAll(':scope > time');
  if (held) setTime(held, status.status_since || null, 'for');
  const seen = button.querySelector('.agent-seen time');
  if (seen) setTime(seen, status.last_request_timestamp);
  button.setAttribute('aria-label', `${status.agent_type}: ${status.status}. Open its history.`);
}

/** Shows the offerings in the table's body, updating rows in place (kept by offering UUID). */
export function renderOfferings(table, offerings, onOpen) {
  const tbody = table.tBodies[0];
  const existing = new Map([...tbody.rows].map((row) => [row.dataset.uuid, row]));
  const rows = offerings.map((offering) => {
    let row = existing.get(offering.uuid);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.uuid = offering.uuid;
      for (const label of [...FIXED, ...AGENT_TYPES]) {
        const cell = document.createElement('td');
        if (!FIXED.includes(label)) cell.className = 'agent-cell';
        cell.dataset.label = label;
        row.append(cell);
      }
      row.cells[0].className = 'col-offering';
    }
    existing.delete(offering.uuid);
    row.cells[0].textContent = offering.name;
    row.cells[1].textContent = offering.customer_name;
    const byType = new Map((offering.integration_status || []).map((s) => [s.agent_type, s]));
    AGENT_TYPES.forEach((type, index) => fillCell(row.cells[FIXED.length + index], byType.get(type), onOpen));
    const problems = [...byType.values()].filter((s) => s.status !== 'Active').length;
    row.dataset.problems = String(problems);
    return row;
  });
  existing.forEach((row) => row.remove());
  if (!(rows.length === tbody.rows.length && rows.every((row, index) => tbody.rows[index] === row))) {
    tbody.replaceChildren(...rows);
  }
}
