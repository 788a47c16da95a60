import { byId } from '../dom.js';

export type Notice = { kind: 'error' | 'info'; text: string };

/** The page-level banner: login errors, "you were logged out", "you have logged out". */
export function createNotices() {
  const error = byId('error-message');
  const info = byId('info-message');
  return {
    show(notice: Notice) {
      const [target, other] = notice.kind === 'error' ? [error, info] : [info, error];
      other.hidden = true;
      target.textContent = notice.text;
      target.hidden = false;
    },
    clear() {
      error.hidden = true;
      info.hidden = true;
    },
  };
}

export type Notices = ReturnType<typeof createNotices>;
