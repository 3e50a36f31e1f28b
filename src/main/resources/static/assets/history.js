// A status's history as a timeline, in a modal dialog opened from its row. It refreshes with the
// board, so a change that happens while it is open appears at the top.

import { ApiError, paths, query, request } from './api.js';
import { durationSeconds, exactUtc, span, timeElement } from './format.js';
import { badge } from './table.js';

const REASONS = { check_in: 'Check-in', timeout: 'Timed out: no check-in before the deadline' };
const PAGE = 50;

/** The learned rhythm: "every ~5 min ± 6 s", or why there is none. */
function rhythm(status) {
  if (!status.expected_interval) return 'Not learned yet: judged by the configured timeout';
  const text = `every ~${span(durationSeconds(status.expected_interval))} ± ${span(durationSeconds(status.interval_deviation))}`;
  return status.suspicion === null || status.suspicion === undefined ? text : `${text} (suspicion ${status.suspicion})`;
}

/** What the timeout would be with the configured value, and the deadline it would give. */
function configured(status) {
  const seconds = durationSeconds(status.configured_timeout);
  if (seconds === null) return '—';
  if (status.status !== 'Active' || !status.last_request_timestamp) return span(seconds);
  const at = new Date(Date.parse(status.last_request_timestamp) + seconds * 1000).toISOString();
  return `${span(seconds)}: Disconnected at ${exactUtc(at)}`;
}

export class HistoryDialog {
  constructor({ onClose, onUnauthorized }) {
    this.dialog = document.getElementById('history');
    this.title = document.getElementById('history-title');
    this.sub = document.getElementById('history-sub');
    this.meta = document.getElementById('history-meta');
    this.state = document.getElementById('history-state');
    this.timeline = document.getElementById('timeline');
    this.more = document.getElementById('history-more');
    this.onClose = onClose;
    this.onUnauthorized = onUnauthorized;
    this.uuid = '';
    this.pages = 1;
    document.getElementById('history-close').addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => this.closed());
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog) this.dialog.close(); // a click on the backdrop
    });
    this.more.addEventListener('click', () => {
      this.pages += 1;
      this.refresh();
    });
  }

  get isOpen() {
    return this.dialog.open;
  }

  open(uuid, returnFocus) {
    this.uuid = uuid;
    this.pages = 1;
    this.returnFocus = returnFocus;
    this.title.textContent = 'History';
    this.sub.textContent = '';
    this.meta.replaceChildren();
    this.timeline.replaceChildren();
    this.more.hidden = true;
    this.state.textContent = 'Loading history…';
    if (!this.dialog.open) this.dialog.showModal();
    this.refresh();
  }

  closed() {
    const uuid = this.uuid;
    this.uuid = '';
    this.returnFocus?.(uuid);
    this.onClose();
  }

  async refresh() {
    const uuid = this.uuid;
    if (!uuid) return;
    try {
      const [status, events] = await Promise.all([
        request(paths.status(uuid)),
        request(paths.events + query({ integration_status_uuid: uuid, page_size: Math.min(300, PAGE * this.pages) })),
      ]);
      if (uuid !== this.uuid) return;
      this.showStatus(status.body);
      this.showEvents(events.body, events.count);
    } catch (error) {
      if (uuid !== this.uuid) return;
      if (error instanceof ApiError && error.status === 401) {
        this.dialog.close();
        this.onUnauthorized(error);
      } else if (error instanceof ApiError && error.status === 404) {
        this.state.textContent = 'This status is not in your view (it may have been removed, or your access changed).';
        this.timeline.replaceChildren();
      } else {
        this.state.textContent = `Could not load the history: ${error.message}`;
      }
    }
  }

  showStatus(status) {
    this.title.textContent = `${status.offering_name} · ${status.agent_type}`;
    this.sub.textContent = status.customer_name;
    const rows = [
      ['Status', badge(status.status)],
      ['Last seen', status.last_request_timestamp ? exactUtc(status.last_request_timestamp) : 'Never'],
      ['Service', status.service_name || '—'],
      ['Rhythm', rhythm(status)],
      ['Deadline', status.deadline ? `${exactUtc(status.deadline)} (${status.timeout_basis})` : '—'],
      ['With the configured timeout', configured(status)],
      ['Status UUID', status.uuid],
    ];
    this.meta.replaceChildren(...rows.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.append(value);
      return [dt, dd];
    }));
  }

  showEvents(events, count) {
    this.state.textContent = events.length ? `${count} change${count === 1 ? '' : 's'}, newest first.`
      : 'No changes yet: this agent has never checked in.';
    this.timeline.replaceChildren(...events.map((event) => {
      const item = document.createElement('li');
      item.className = `event event-${event.to_status.toLowerCase()}`;
      item.dataset.reason = event.reason;
      const head = document.createElement('div');
      head.className = 'event-head';
      const arrow = document.createElement('span');
      arrow.className = 'event-from';
      arrow.textContent = `${event.from_status} →`;
      head.append(arrow, badge(event.to_status));
      const reason = document.createElement('p');
      reason.className = 'event-reason';
      reason.textContent = REASONS[event.reason] || event.reason;
      const when = document.createElement('p');
      when.className = 'event-time';
      const time = timeElement(event.created);
      const exact = document.createElement('span');
      exact.className = 'muted';
      exact.textContent = ` · ${exactUtc(event.created)}`;
      when.append(time, exact);
      item.append(head, reason, when);
      return item;
    }));
    this.more.hidden = count <= events.length || events.length >= 300;
  }
}
