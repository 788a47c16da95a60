import { ApiError, BffClient, isUnauthorized } from './api.js';
import { byId } from './dom.js';
import type { InvestorDocument, Me } from './types.js';
import { renderDocuments } from './views/documents.js';
import type { Notice } from './views/notices.js';
import { inlineError, messageOf, placeholder, setMessage } from './views/parts.js';
import { renderProfile } from './views/profile.js';
import { renderSessions } from './views/sessions.js';
import { createSessionTimer } from './views/session-timer.js';
import { setupWalletForm } from './views/wallet-form.js';
import { renderWallets } from './views/wallets.js';

/** /api/me does not extend the session, so polling it is safe; 30 s keeps the countdown honest. */
const POLL_MS = 30_000;

/** The logged-in view: loads every card, wires its buttons, and keeps the session countdown. */
export function createDashboard(
  api: BffClient,
  page: { loggedOut(notice: Notice): void; notify(notice: Notice): void },
) {
  const el = {
    profile: byId('profile'),
    documents: byId('documents'),
    documentsMessage: byId('documents-message'),
    wallets: byId('wallets'),
    sessions: byId('sessions'),
    sessionsMessage: byId('sessions-message'),
    revokeOthers: byId<HTMLButtonElement>('revoke-others'),
    logout: byId<HTMLButtonElement>('logout'),
  };
  const timer = createSessionTimer(byId('session-timer'), () => void refreshMe());
  const walletForm = setupWalletForm(api, () => loadWallets());
  let poll: ReturnType<typeof setInterval> | undefined;
  // Bumped on every start and stop, so an answer that arrives after logging out is dropped.
  let generation = 0;

  /** Shows "Loading…", then the rendered data or an inline error: one failing card never breaks the page. */
  async function fill<T>(
    target: HTMLElement,
    what: string,
    load: () => Promise<T>,
    render: (data: T) => Node,
  ) {
    const mine = generation;
    target.replaceChildren(placeholder(`Loading ${what}…`));
    try {
      const data = await load();
      if (mine === generation) target.replaceChildren(render(data));
    } catch (err) {
      if (mine === generation && !isUnauthorized(err))
        target.replaceChildren(inlineError(err, `${what}-error`));
    }
  }

  const loadWallets = () => fill(el.wallets, 'wallets', api.wallets, (r) => renderWallets(r.wallets));
  const loadSessions = () => fill(el.sessions, 'sessions', api.sessions, (r) => renderSessions(r.sessions));

  async function refreshMe() {
    try {
      timer.set((await api.me()).sessionSecondsLeft);
    } catch {
      // A 401 already switched to the logged-out view; anything else: keep counting, retry at the next poll.
    }
  }

  async function viewDocument(doc: InvestorDocument, button: HTMLButtonElement) {
    button.disabled = true;
    setMessage(el.documentsMessage, null);
    try {
      // Pre-signed URLs are short-lived, so each click asks for a fresh one.
      const { url } = await api.viewDocument(doc.documentId);
      // Opened only if it is http(s): a javascript: URL would run in this page's origin.
      if (!/^https?:$/.test(new URL(url).protocol)) throw new Error('unexpected document URL');
      window.open(url, '_blank', 'noopener');
    } catch (err) {
      if (!isUnauthorized(err)) setMessage(el.documentsMessage, 'error', messageOf(err));
    } finally {
      button.disabled = false;
    }
  }

  el.revokeOthers.addEventListener('click', async () => {
    el.revokeOthers.disabled = true;
    setMessage(el.sessionsMessage, null);
    try {
      const { revoked } = await api.revokeOtherSessions();
      const text =
        revoked === 0
          ? 'There were no other sessions.'
          : `Logged out ${revoked} other session${revoked === 1 ? '' : 's'}.`;
      setMessage(el.sessionsMessage, 'success', text);
      await loadSessions();
    } catch (err) {
      if (!isUnauthorized(err)) setMessage(el.sessionsMessage, 'error', messageOf(err));
    } finally {
      el.revokeOthers.disabled = false;
    }
  });

  el.logout.addEventListener('click', async () => {
    el.logout.disabled = true;
    try {
      await api.logout();
      page.loggedOut({ kind: 'info', text: 'You have logged out.' });
    } catch (err) {
      const notice = { kind: 'error', text: messageOf(err) } as const;
      // logout_incomplete still cleared the cookie: this browser is logged out, the server may lag.
      if (err instanceof ApiError && err.code === 'logout_incomplete') page.loggedOut(notice);
      else page.notify(notice);
    } finally {
      el.logout.disabled = false;
    }
  });

  return {
    start(me: Me) {
      generation++;
      timer.set(me.sessionSecondsLeft);
      poll = setInterval(() => void refreshMe(), POLL_MS);
      void fill(el.profile, 'profile', api.investor, renderProfile);
      void fill(el.documents, 'documents', api.documents, (r) => renderDocuments(r.documents, viewDocument));
      void loadWallets();
      void loadSessions();
    },
    stop() {
      generation++;
      clearInterval(poll);
      timer.stop();
      for (const target of [el.profile, el.documents, el.wallets, el.sessions]) target.replaceChildren();
      setMessage(el.documentsMessage, null);
      setMessage(el.sessionsMessage, null);
      walletForm.reset();
    },
  };
}
