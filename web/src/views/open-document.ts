import { isUnauthorized } from '../api.js';
import type { DocumentView } from '../types.js';
import { messageOf, setMessage } from './parts.js';

/**
 * "View" for an investor's or a signer's document: asks for a fresh pre-signed URL (they are
 * short-lived, so one per click) and opens it in a new tab; a failure is shown in `message`.
 */
export async function openDocument(
  getUrl: () => Promise<DocumentView>,
  button: HTMLButtonElement,
  message: HTMLElement,
): Promise<void> {
  button.disabled = true;
  setMessage(message, null);
  try {
    const { url } = await getUrl();
    // Opened only if it is http(s): a javascript: URL would run in this page's origin.
    if (!/^https?:$/.test(new URL(url).protocol)) throw new Error('unexpected document URL');
    window.open(url, '_blank', 'noopener');
  } catch (err) {
    if (!isUnauthorized(err)) setMessage(message, 'error', messageOf(err));
  } finally {
    button.disabled = false;
  }
}
