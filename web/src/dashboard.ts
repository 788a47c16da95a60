import { ApiError, BffClient, isSessionGone } from './api.js';
import { byId, show } from './dom.js';
import type { Me } from './types.js';
import { renderDocuments } from './views/documents.js';
import type { Notice } from './views/notices.js';
import { renderOfferings, renderOfferingsProblem } from './views/offerings.js';
import { openDocument } from './views/open-document.js';
import { inlineError, messageOf, placeholder, setMessage } from './views/parts.js';
import { renderProfile } from './views/profile.js';
import { setupRevokeOthers } from './views/revoke-others.js';
import { renderSessions } from './views/sessions.js';
import { createSessionTimer } from './views/session-timer.js';
import { renderSigners } from './views/signers.js';
import { createTokenHint } from './views/token-hint.js';
import { setupWalletForm } from './views/wallet-form.js';
import { whileVisible } from './while-visible.js';
import { renderWallets } from './views/wallets.js';

/**
 * /api/me does not extend the session, so polling it is safe. While the page is visible it is asked
 * every 5 s with the Offerings card, so a KYC change that Securitize pushes (or an operator's end of
 * the session) shows without a reload: a refused card, or the logged-out view on a 401.
 */
const POLL_MS = 5_000;

/** The logged-in view: loads every card, wires its buttons, and keeps the session countdown. */
export function createDashboard(
  api: BffClient,
  page: { loggedOut(notice: Notice): void; notify(notice: Notice): void },
) {
  const el = {
    profile: byId('profile'),
    offerings: byId('offerings'),
    documents: byId('documents'),
    documentsMessage: byId('documents-message'),
    signersCard: byId('signers-card'),
    signers: byId('signers'),
    signersMessage: byId('signers-message'),
    wallets: byId('wallets'),
    sessions: byId('sessions'),
    logout: byId<HTMLButtonElement>('logout'),
  };
  const timer = createSessionTimer(byId('session-timer'), () => void refreshMe());
  const walletForm = setupWalletForm(api, () => loadWallets());
  const tokenHint = createTokenHint();
  const revokeOthers = setupRevokeOthers(api, () => loadSessions());
  let stopPolling: (() => void) | undefined;
  // Bumped on every start and stop, so an answer that arrives after logging out is dropped.
  let generation = 0;

  /** Shows "Loading…", then the rendered data or an inline error: one failing card never breaks the page. */
  async function fill<T>(
    target: HTMLElement,
    what: string,
    load: () => Promise<T>,
    render: (data: T) => Node,
    failed: (err: unknown) => Node = (err) => inlineError(err, `${what}-error`),
  ) {
    const mine = generation;
    target.replaceChildren(placeholder(`Loading ${what}…`));
    try {
      const data = await load();
      if (mine === generation) target.replaceChildren(render(data));
    } catch (err) {
      // A 401 that ended the session has already switched to the logged-out view.
      if (mine === generation && !isSessionGone(err)) target.replaceChildren(failed(err));
    }
  }

  const loadWallets = () =>
    fill(el.wallets, 'wallets', api.wallets, (r) => {
      tokenHint.update(r.wallets);
      return renderWallets(r.wallets);
    });
  const loadSessions = () => fill(el.sessions, 'sessions', api.sessions, (r) => renderSessions(r.sessions));

  /** Only entities have legal signers, so their card appears once the profile says which this is. */
  function loadSigners() {
    show(el.signersCard, true);
    void fill(el.signers, 'signers', api.signers, (r) =>
      renderSigners(r.signers, (signer, doc, button) =>
        openDocument(
          () => api.viewSignerDocument(signer.signerId, doc.documentId),
          button,
          el.signersMessage,
        ),
      ),
    );
  }

  let country: Me['country'];
  /** The profile card: loaded at start, and again (quietly) when the investor's KYC turns. */
  function loadProfile(how: typeof fill) {
    void how(el.profile, 'profile', api.investor, (investor) => {
      if (investor.investorType === 'entity') loadSigners();
      return renderProfile(investor, country);
    });
  }

  /** As `fill`, without the "Loading…" placeholder and keeping the card as it was on a failure. */
  async function quietly<T>(
    target: HTMLElement,
    _what: string,
    load: () => Promise<T>,
    render: (data: T) => Node,
  ) {
    const mine = generation;
    try {
      const data = await load();
      if (mine === generation) target.replaceChildren(render(data));
    } catch {
      // The next turn, or a reload, tries again; a 401 has already switched to the logged-out view.
    }
  }

  async function refreshMe() {
    try {
      timer.set((await api.me()).sessionSecondsLeft);
    } catch {
      // A 401 already switched to the logged-out view; anything else: keep counting, retry at the next poll.
    }
  }

  // Whether the last Offerings answer let the investor in: when that changes, their KYC did.
  let offeringsOpen: boolean | undefined;

  /**
   * The Offerings card again, in place (no "Loading…" flash): a policy that now refuses shows at
   * once; and when the answer turns, the profile is read again so its status badge agrees.
   */
  async function refreshOfferings() {
    const mine = generation;
    let next: Node;
    let open = false;
    try {
      next = renderOfferings(await api.offerings());
      open = true;
    } catch (err) {
      if (isSessionGone(err)) return;
      next = renderOfferingsProblem(err);
    }
    if (mine !== generation) return;
    el.offerings.replaceChildren(next);
    if (offeringsOpen !== undefined && open !== offeringsOpen) loadProfile(quietly);
    offeringsOpen = open;
  }

  async function pollOnce() {
    await refreshMe();
    await refreshOfferings();
  }

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
      stopPolling = whileVisible(() => void pollOnce(), POLL_MS);
      country = me.country;
      offeringsOpen = undefined;
      loadProfile(fill);
      void fill(el.documents, 'documents', api.documents, (r) =>
        renderDocuments(r.documents, (doc, button) =>
          openDocument(() => api.viewDocument(doc.documentId), button, el.documentsMessage),
        ),
      );
      el.offerings.replaceChildren(placeholder('Loading offerings…'));
      void refreshOfferings();
      void loadWallets();
      void loadSessions();
    },
    stop() {
      generation++;
      stopPolling?.();
      timer.stop();
      show(el.signersCard, false);
      for (const target of [el.profile, el.offerings, el.documents, el.signers, el.wallets, el.sessions])
        target.replaceChildren();
      setMessage(el.documentsMessage, null);
      setMessage(el.signersMessage, null);
      revokeOthers.reset();
      walletForm.reset();
      tokenHint.reset();
    },
  };
}
