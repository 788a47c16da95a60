import { type BffClient, isUnauthorized } from '../api.js';
import { byId } from '../dom.js';
import { messageOf, setMessage } from './parts.js';

/**
 * "Log out other devices": it cannot be undone, so the button only opens a modal dialog, and
 * nothing is sent unless the user picks "Log them out". Cancel, Escape and closing the dialog in
 * any other way change nothing. The dialog's form has method="dialog": its buttons close it and
 * set returnValue, without any request.
 */
export function setupRevokeOthers(api: BffClient, onRevoked: () => Promise<void>) {
  const button = byId<HTMLButtonElement>('revoke-others');
  const dialog = byId<HTMLDialogElement>('revoke-dialog');
  const message = byId('sessions-message');

  button.addEventListener('click', () => {
    setMessage(message, null);
    dialog.returnValue = '';
    dialog.showModal();
  });

  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'confirm') void revoke();
    button.focus();
  });

  async function revoke() {
    button.disabled = true;
    try {
      const { revoked } = await api.revokeOtherSessions();
      const text =
        revoked === 0
          ? 'There were no other sessions.'
          : `Logged out ${revoked} other session${revoked === 1 ? '' : 's'}.`;
      setMessage(message, 'success', text);
      await onRevoked();
    } catch (err) {
      if (!isUnauthorized(err)) setMessage(message, 'error', messageOf(err));
    } finally {
      button.disabled = false;
    }
  }

  return {
    /** On logging out: an open dialog is closed as if cancelled. */
    reset() {
      if (dialog.open) dialog.close('');
      setMessage(message, null);
    },
  };
}
