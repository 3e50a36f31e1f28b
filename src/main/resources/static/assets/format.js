// Times as people read them: relative for a glance, exact UTC for the record.

let skewMs = 0;

/** Follows the server's clock (its Date header) when the browser's is off by more than two seconds. */
export function syncClock(dateHeader) {
  const server = Date.parse(dateHeader || '');
  if (Number.isNaN(server)) return;
  const skew = server - Date.now();
  skewMs = Math.abs(skew) > 2000 ? skew : 0;
}

export function now() {
  return Date.now() + skewMs;
}

/** "just now", "42 s ago", "7 min ago", "3 h 5 min ago", "2 d ago"; null is "Never". */
export function relative(iso) {
  if (!iso) return 'Never';
  const seconds = Math.max(0, Math.floor((now() - Date.parse(iso)) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min ago` : `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** "2026-11-28 10:22:38 UTC" (microseconds dropped: nobody reads them on a board). */
export function exactUtc(iso) {
  if (!iso) return 'No check-in yet';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function number(value) {
  return value === null || value === undefined ? '–' : new Intl.NumberFormat('en').format(value);
}

/** A <time> element showing a relative time, with the exact time on hover; {@link tick} keeps it current. */
export function timeElement(iso, reading = 'ago') {
  const time = document.createElement('time');
  setTime(time, iso, reading);
  return time;
}

/** "2 h 5 min", "42 s": a span of time, without "ago". */
export function span(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** Seconds of an ISO-8601 duration as the API writes them ("PT5M0.412S", "PT48H"); null if none. */
export function durationSeconds(iso) {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso || '');
  if (!match) return null;
  return Number(match[1] || 0) * 3600 + Number(match[2] || 0) * 60 + Number(match[3] || 0);
}

// How a <time> reads: 'ago' (last seen), 'for' (how long a status has held), 'until' (a deadline).
const READINGS = {
  ago: (iso) => relative(iso),
  for: (iso) => (iso ? `for ${span((now() - Date.parse(iso)) / 1000)}` : ''),
  until: (iso) => {
    if (!iso) return '—';
    const left = (Date.parse(iso) - now()) / 1000;
    return left > 0 ? `in ${span(left)}` : 'due now';
  },
};

export function setTime(time, iso, reading = time.dataset.reading || 'ago') {
  if (time.dataset.iso !== (iso || '') || time.dataset.reading !== reading) {
    time.dataset.iso = iso || '';
    time.dataset.reading = reading;
    if (iso) time.setAttribute('datetime', iso);
    else time.removeAttribute('datetime');
    time.title = reading === 'ago' ? exactUtc(iso) : iso ? `${reading === 'for' ? 'Since' : 'At'} ${exactUtc(iso)}` : '';
  }
  const text = READINGS[reading](iso);
  if (time.textContent !== text) time.textContent = text;
}

/** Re-renders every relative time on the page (once a second). */
export function tick(root = document) {
  for (const time of root.querySelectorAll('time[data-iso]')) {
    setTime(time, time.dataset.iso || null, time.dataset.reading || 'ago');
  }
}
