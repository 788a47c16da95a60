import { ApiError, BffClient, isUnauthorized } from '../api.js';
import { byId } from '../dom.js';
import type { NewWallet, Wallet } from '../types.js';
import { messageOf, setMessage } from './parts.js';

// The BFF's own rules for POST /api/wallets, checked here too for a clear message next to the field.
const ID = /^[A-Za-z0-9:._-]{1,128}$/;
const CONTROL = /\p{Cc}/u;

type Rule = (value: string) => string | null;

/** The form's fields: all of NewWallet except securitizeIdWalletId, which the demo does not ask for. */
type FormValues = Required<Pick<NewWallet, 'address' | 'name' | 'tokenId'>>;

const idRule =
  (what: string): Rule =>
  (v) => {
    if (!v) return `Enter the ${what}.`;
    return ID.test(v) ? null : 'Use up to 128 letters, digits or : . _ - (no spaces).';
  };

// In the form's order, so the first invalid field to get focus is the first on screen.
const rules: Record<keyof FormValues, Rule> = {
  address: idRule('wallet address'),
  // The name is optional: an empty one is left out of the request rather than refused.
  name: (v) => {
    if (!v) return null;
    if (v.length > 100) return 'Use at most 100 characters.';
    return CONTROL.test(v) ? 'Remove the control characters.' : null;
  },
  tokenId: idRule('token id'),
};

function formError(err: unknown): string {
  if (err instanceof ApiError && err.code === 'conflict')
    return 'This wallet is already registered for that token.';
  if (err instanceof ApiError && err.code === 'invalid_request')
    return 'Securitize did not accept these wallet details. Check the address and the token id.';
  return messageOf(err);
}

/** The "Add wallet" form: validates, posts JSON, and reports the outcome next to the form. */
export function setupWalletForm(api: BffClient, onAdded: (wallet: Wallet) => Promise<void>) {
  const form = byId<HTMLFormElement>('wallet-form');
  const submit = byId<HTMLButtonElement>('wallet-submit');
  const message = byId('wallet-form-message');
  const fields = (Object.keys(rules) as (keyof FormValues)[]).map((key) => ({
    key,
    input: byId<HTMLInputElement>(`wallet-${key}`),
    error: byId(`wallet-${key}-error`),
  }));

  function validate(): NewWallet | null {
    const values = {} as FormValues;
    let firstInvalid: HTMLInputElement | undefined;
    for (const { key, input, error } of fields) {
      const value = input.value.trim();
      const problem = rules[key](value);
      error.textContent = problem ?? '';
      error.hidden = problem === null;
      input.setAttribute('aria-invalid', String(problem !== null));
      if (problem) firstInvalid ??= input;
      values[key] = value;
    }
    firstInvalid?.focus();
    if (firstInvalid) return null;
    // The BFF refuses an empty name but takes none at all.
    const { name, ...rest } = values;
    return name ? values : rest;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  async function send() {
    setMessage(message, null);
    const wallet = validate();
    if (!wallet) return;
    submit.disabled = true;
    try {
      const added = await api.addWallet(wallet);
      reset();
      setMessage(
        message,
        'success',
        `Added “${added.name ?? added.address}”. It is pending until the issuer approves it.`,
      );
      await onAdded(added);
    } catch (err) {
      if (!isUnauthorized(err)) setMessage(message, 'error', formError(err));
    } finally {
      submit.disabled = false;
    }
  }

  function reset() {
    form.reset();
    for (const { input, error } of fields) {
      error.hidden = true;
      input.removeAttribute('aria-invalid');
    }
  }

  return {
    reset() {
      reset();
      setMessage(message, null);
    },
  };
}
