// A mirrored status says where it comes from: a "mirrored" mark beside its status that
// names the source and links to its offering in the upstream's API.

/** Adds, updates or removes the mark in the status cell of {@code row}. */
export function markSource(row, item) {
  const cell = row.cells[3];
  let mark = cell.querySelector('.source-mark');
  if (!item.source) {
    mark?.remove();
    return;
  }
  if (!mark) {
    mark = document.createElement('a');
    mark.className = 'badge source-mark';
    mark.target = '_blank';
    mark.rel = 'noopener noreferrer';
    // Following the link must not open the row's history as well.
    mark.addEventListener('click', (event) => event.stopPropagation());
    mark.addEventListener('keydown', (event) => event.stopPropagation());
    cell.append(' ', mark);
  }
  const text = `via ${item.source}`;
  if (mark.textContent !== text) mark.textContent = text;
  if (item.upstream_offering && mark.href !== item.upstream_offering) mark.href = item.upstream_offering;
  mark.title = `Mirrored from the source \u201c${item.source}\u201d: open this offering upstream`;
}
