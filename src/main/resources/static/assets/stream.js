// The live stream of status events (server-sent events), read with fetch() so that the token goes
// in the Authorization header as on every other request: EventSource cannot send headers, and a
// token in the URL would end up in proxies' and servers' access logs. Like EventSource it keeps
// the last event id and resumes from it (Last-Event-ID) when it reconnects.

/**
 * Opens the stream; calls onOpen once it is answered 200, onEvent(name, data) for each event, and
 * onClose(status) once when it ends for any reason (status: the HTTP status of a refusal, 0 for a
 * network failure or a stream that ended). close() ends it without calling onClose.
 */
export function openStream(path, token, lastEventId, { onOpen, onEvent, onClose }) {
  const controller = new AbortController();
  let closed = false;
  let lastId = lastEventId;
  const finish = (status) => {
    if (closed) return;
    closed = true;
    controller.abort();
    onClose(status, lastId);
  };
  (async () => {
    const headers = { Accept: 'text/event-stream', Authorization: `Token ${token}` };
    if (lastId) headers['Last-Event-ID'] = lastId;
    const response = await fetch(path, { headers, cache: 'no-store', signal: controller.signal });
    if (!response.ok || !response.body) {
      finish(response.status);
      return;
    }
    onOpen();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let name = '';
    let data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          if (data.length) onEvent(name || 'message', data.join('\n'));
          name = '';
          data = [];
        } else if (line.startsWith(':')) {
          // a comment: the server's keep-alive
        } else {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') lastId = text;
          else if (field === 'event') name = text;
          else if (field === 'data') data.push(text);
        }
      }
    }
    finish(0);
  })().catch(() => finish(0));
  return {
    close() {
      closed = true;
      controller.abort();
    },
    get lastId() {
      return lastId;
    },
  };
}
