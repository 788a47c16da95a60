import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { apiErrorMessage } from '../error-messages.js';
import type { Tone } from '../statuses.js';

// Small building blocks shared by the views.

export const placeholder = (text: string) => h('p', { class: 'placeholder' }, text);

export const messageOf = (err: unknown): string =>
  err instanceof ApiError ? err.message : apiErrorMessage('internal_error');

export const inlineError = (err: unknown, testId: string) =>
  h('p', { class: 'inline-error', role: 'alert', 'data-testid': testId }, messageOf(err));

export const badge = (label: string, tone: Tone, attrs: Record<string, string> = {}) =>
  h('span', { ...attrs, class: `badge badge-${tone}` }, label);

/** A card's one-line outcome message; `null` hides it. */
export function setMessage(el: HTMLElement, kind: 'success' | 'error' | null, text = ''): void {
  el.textContent = text;
  el.classList.toggle('message-error', kind === 'error');
  el.classList.toggle('message-success', kind === 'success');
  el.hidden = kind === null;
}
