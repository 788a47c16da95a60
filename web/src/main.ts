import { createBffClient, isUnauthorized } from './api.js';
import { createDashboard } from './dashboard.js';
import { byId, show } from './dom.js';
import { apiErrorMessage, loginErrorMessage } from './error-messages.js';
import type { Me } from './types.js';
import { createNotices, type Notice } from './views/notices.js';
import { messageOf } from './views/parts.js';

// Entry point: decides between the logged-out and the logged-in view. The page never sees a token;
// "logged in" means only that GET /api/me answers 200 for the HttpOnly session cookie.

const notices = createNotices();
const loggedOutView = byId('logged-out');
const loggedInView = byId('logged-in');
const sessionControls = byId('session-controls');
let loggedIn = false;

const api = createBffClient((code) => {
  // A 401 while logged in means the session ended (expired, logged out elsewhere, revoked).
  // Before that, it is just how the first /api/me learns that nobody is logged in.
  if (loggedIn) leave({ kind: 'error', text: apiErrorMessage(code) });
});
const dashboard = createDashboard(api, { loggedOut: leave, notify: notices.show });

function enter(me: Me) {
  loggedIn = true;
  show(loggedOutView, false);
  show(loggedInView, true);
  show(sessionControls, true);
  dashboard.start(me);
}

function leave(notice?: Notice) {
  loggedIn = false;
  dashboard.stop();
  show(loggedInView, false);
  show(sessionControls, false);
  show(loggedOutView, true);
  if (notice) notices.show(notice);
}

/** Shows `?error=<code>` from a failed login once, then drops it so a reload or a shared link won't repeat it. */
function showLoginError() {
  const params = new URLSearchParams(location.search);
  const code = params.get('error');
  if (code === null) return;
  notices.show({ kind: 'error', text: loginErrorMessage(code) });
  params.delete('error');
  const query = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
}

async function boot() {
  byId('boot').remove();
  showLoginError();
  try {
    enter(await api.me());
  } catch (err) {
    leave();
    if (!isUnauthorized(err)) notices.show({ kind: 'error', text: messageOf(err) });
  }
}

void boot();
