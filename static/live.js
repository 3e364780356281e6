// Live board: an event stream says when the numbers moved; the page then fetches its own
// fragment (with its own cookie) and swaps it in. On every (re)connect, after a restart
// too, it fetches the current board rather than waiting for the next change.
(() => {
  const target = document.querySelector('[data-live]');
  if (!target) return;
  const source = target.getAttribute('data-live');
  const dot = document.querySelector('.live-dot');
  let fetching = false;
  let again = false;

  async function refresh() {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      const response = await fetch(source, { credentials: 'same-origin', cache: 'no-store' });
      if (response.status === 401 || response.status === 403) {
        window.location.reload();
        return;
      }
      if (response.ok) {
        const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
        target.replaceChildren(...doc.body.childNodes);
        document.body.dataset.version = String(Number(document.body.dataset.version ?? 0) + 1);
      }
    } catch {
      // The stream's own reconnect brings the next attempt.
    } finally {
      fetching = false;
      if (again) {
        again = false;
        void refresh();
      }
    }
  }

  const events = new EventSource('/events');
  events.addEventListener('hello', () => {
    dot?.classList.add('on');
    void refresh();
  });
  events.addEventListener('board', () => void refresh());
  events.addEventListener('error', () => dot?.classList.remove('on'));

  // The countdown moves even when nobody uses a token.
  setInterval(() => void refresh(), 60_000);
  const reloadHours = Number(target.getAttribute('data-reload-hours'));
  if (reloadHours > 0) setTimeout(() => window.location.reload(), reloadHours * 3_600_000);
})();
