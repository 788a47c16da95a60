import { h } from '../dom.js';
import { describeUserAgent, formatAgo, formatDateTime } from '../format.js';
import type { SessionInfo } from '../types.js';
import { badge, placeholder } from './parts.js';

function sessionItem(session: SessionInfo): HTMLElement {
  return h(
    'li',
    { class: 'session', 'data-testid': 'session', 'data-current': String(session.current) },
    h(
      'div',
      { class: 'session-text' },
      h('strong', { title: session.userAgent ?? '' }, describeUserAgent(session.userAgent)),
      h(
        'span',
        { class: 'muted' },
        `Signed in ${formatDateTime(session.createdAt)} · last active ${formatAgo(session.lastSeenAt)}`,
      ),
    ),
    session.current && badge('This browser', 'success', { 'data-testid': 'current-session' }),
  );
}

export function renderSessions(sessions: SessionInfo[]): Node {
  if (sessions.length === 0) return placeholder('No active sessions.');
  return h('ul', { class: 'sessions' }, ...sessions.map(sessionItem));
}
