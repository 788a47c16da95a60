import type { Investor } from './types.js';

export type Tone = 'success' | 'progress' | 'attention' | 'danger' | 'neutral';

export interface StatusView {
  label: string;
  tone: Tone;
  explanation: string;
}

/** Securitize iD's documented verification statuses (docs/api.md), in plain language. */
const STATUSES = new Map<string, StatusView>(
  Object.entries({
    none: {
      label: 'Not started',
      tone: 'neutral',
      explanation: 'You have not started identity verification yet. Start it in Securitize iD to invest.',
    },
    processing: {
      label: 'In progress',
      tone: 'progress',
      explanation: 'Your details and documents were received and are being checked. No action is needed.',
    },
    'updates-required': {
      label: 'Updates required',
      tone: 'attention',
      explanation:
        'Securitize needs more information or a clearer document from you. Update your profile in Securitize iD.',
    },
    'manual-review': {
      label: 'Manual review',
      tone: 'progress',
      explanation:
        'A compliance officer is reviewing your verification by hand. No action is needed for now.',
    },
    verified: {
      label: 'Verified',
      tone: 'success',
      explanation: 'Your identity is verified. You can invest in offerings open to you.',
    },
    rejected: {
      label: 'Rejected',
      tone: 'danger',
      explanation: 'Your verification was not approved. Contact Securitize support to find out why.',
    },
    expired: {
      label: 'Expired',
      tone: 'attention',
      explanation:
        'Your verification has expired and must be renewed in Securitize iD before you invest again.',
    },
  }),
);

/**
 * Only the BFF's `verified` boolean means verified: a status string that reads "verified" while
 * `verified` is false (or any value outside the documented set) is shown as unknown, never as a pass.
 */
export function describeVerification(
  investor: Pick<Investor, 'verified' | 'verificationStatus'>,
): StatusView {
  if (investor.verified) return STATUSES.get('verified')!;
  const status = investor.verificationStatus;
  const known = status === 'verified' ? undefined : STATUSES.get(status);
  if (known) return known;
  return {
    label: 'Unknown status',
    tone: 'neutral',
    explanation:
      `Securitize iD reported a status this app does not recognise ("${status.slice(0, 40)}"). ` +
      'Until it is confirmed, treat the account as not verified.',
  };
}

/** Tone for a document's or a wallet's own status: anything unrecognised stays neutral. */
export function itemTone(status: string | null): Tone {
  switch (status) {
    case 'verified':
    case 'ready':
      return 'success';
    case 'pending':
    case 'processing':
    case 'manual-review':
      return 'progress';
    case 'updates-required':
    case 'expired':
      return 'attention';
    case 'rejected':
      return 'danger';
    default:
      return 'neutral';
  }
}
