// GENERATED FILE, do not edit: openapi-typescript's output for openapi.yaml, written by `npm run types:web`.
// Change openapi.yaml and run `npm run types:web`; CI (`npm run lint`) fails while this file is stale.
// The web app imports these types through web/src/types.ts.

export interface paths {
  '/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Start a login at Securitize iD. */
    get: {
      parameters: {
        query?: {
          /** @description A local path; anything else becomes /. */
          returnTo?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description To SECURITIZE_LOGIN_URL/#/authorize?issuerId&scope&redirecturl (with a one-time state). */
        302: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        303: components['responses']['LoginRedirect'];
        429: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/callback/{state}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Finish the login (Securitize sends the browser here).
     * @description The redirect URL is PUBLIC_URL/callback/<state>; Securitize appends `code`, `country` and `authorized`, with `?` or with `&` (both are read). A callback whose state matches none of this browser's logins in flight consumes nothing.
     */
    get: {
      parameters: {
        query?: {
          code?: string;
          country?: string;
          authorized?: string;
        };
        header?: never;
        path: {
          state: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        303: components['responses']['LoginRedirect'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The earlier form of the callback (`?state=`), still answered for logins in flight during an upgrade. */
    get: {
      parameters: {
        query: {
          state: string;
          code?: string;
          country?: string;
          authorized?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        303: components['responses']['LoginRedirect'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End this session (or every session of the investor with scope=all). */
    post: {
      parameters: {
        query?: {
          scope?: 'all';
        };
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Logged out; the cookie is cleared; Clear-Site-Data sent (LOGOUT_CLEAR_SITE_DATA). */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        400: components['responses']['Error'];
        403: components['responses']['Error'];
        405: components['responses']['Error'];
        415: components['responses']['Error'];
        503: components['responses']['Error'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Alive (touches nothing). */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @constant */
              status: 'ok';
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/.well-known/jwks.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The public keys that verify investor assertions (docs/app-backend.md). */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Every key of ASSERTION_SIGNING_KEYS; the first one signs. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              keys: {
                /** @constant */
                kty: 'EC';
                /** @constant */
                crv: 'P-256';
                x: string;
                y: string;
                kid: string;
                /** @constant */
                alg: 'ES256';
                /** @constant */
                use: 'sig';
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Redis answers. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @constant */
              status: 'ready';
            };
          };
        };
        /** @description Redis unavailable (`session_store_unavailable`, with Retry-After). */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The session; polling it does not extend the session. */
    get: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The session */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Me'];
          };
        };
        401: components['responses']['Error'];
        403: components['responses']['Error'];
        503: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description This investor's active sessions. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              sessions: components['schemas']['Session'][];
            };
          };
        };
        401: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/sessions/revoke-others': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description How many other sessions were ended. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              revoked: number;
            };
          };
        };
        401: components['responses']['Error'];
        415: components['responses']['Error'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/investor': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The investor */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Investor'];
          };
        };
        401: components['responses']['Error'];
        403: components['responses']['Error'];
        502: components['responses']['Error'];
        503: components['responses']['Error'];
        504: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/verification': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The latest verification */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Verification'];
          };
        };
        401: components['responses']['Error'];
        502: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/documents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The investor's documents. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              documents: components['schemas']['Document'][];
            };
          };
        };
        401: components['responses']['Error'];
        502: components['responses']['Error'];
        503: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/documents/{documentId}/view': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path: {
          documentId: components['parameters']['id'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A fresh URL */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['View'];
          };
        };
        400: components['responses']['Error'];
        401: components['responses']['Error'];
        404: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/signers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Legal signers. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              signers: components['schemas']['Signer'][];
            };
          };
        };
        401: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/signers/{signerId}/documents/{documentId}/view': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path: {
          signerId: string;
          documentId: components['parameters']['id'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A fresh URL */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['View'];
          };
        };
        400: components['responses']['Error'];
        404: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/wallets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The investor's wallets per token. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              wallets: components['schemas']['Wallet'][];
            };
          };
        };
        401: components['responses']['Error'];
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header: {
          'X-CSRF': components['parameters']['csrf'];
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['NewWallet'];
        };
      };
      responses: {
        /** @description Added (pending) */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Wallet'];
          };
        };
        400: components['responses']['Error'];
        409: components['responses']['Error'];
        413: components['responses']['Error'];
        415: components['responses']['Error'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/investors/{investorId}/sessions': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The investor's id at Securitize iD. */
        investorId: components['parameters']['investorId'];
      };
      cookie?: never;
    };
    /** The investor's sessions, newest first. */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The investor's id at Securitize iD. */
          investorId: components['parameters']['investorId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The sessions. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              sessions: components['schemas']['AdminSession'][];
            };
          };
        };
        400: components['responses']['AdminError'];
        401: components['responses']['AdminError'];
        503: components['responses']['AdminError'];
      };
    };
    put?: never;
    post?: never;
    /** End every session of the investor. */
    delete: {
      parameters: {
        query?: {
          /** @description Why, for the audit trail. */
          reason?: components['parameters']['adminReason'];
        };
        header?: never;
        path: {
          /** @description The investor's id at Securitize iD. */
          investorId: components['parameters']['investorId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description How many sessions ended. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              ended: number;
            };
          };
        };
        400: components['responses']['AdminError'];
        401: components['responses']['AdminError'];
        503: components['responses']['AdminError'];
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/investors/{investorId}/sessions/{handle}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The investor's id at Securitize iD. */
        investorId: components['parameters']['investorId'];
        /** @description A session's handle, as the list gives it. */
        handle: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** End one session of the investor. */
    delete: {
      parameters: {
        query?: {
          /** @description Why, for the audit trail. */
          reason?: components['parameters']['adminReason'];
        };
        header?: never;
        path: {
          /** @description The investor's id at Securitize iD. */
          investorId: components['parameters']['investorId'];
          /** @description A session's handle, as the list gives it. */
          handle: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The session ended. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              ended: number;
            };
          };
        };
        400: components['responses']['AdminError'];
        401: components['responses']['AdminError'];
        404: components['responses']['AdminError'];
        503: components['responses']['AdminError'];
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/investors/{investorId}/facts/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The investor's id at Securitize iD. */
        investorId: components['parameters']['investorId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Drop the investor's cached KYC facts; the next decision fetches them from Securitize. */
    post: {
      parameters: {
        query?: {
          /** @description Why, for the audit trail. */
          reason?: components['parameters']['adminReason'];
        };
        header?: never;
        path: {
          /** @description The investor's id at Securitize iD. */
          investorId: components['parameters']['investorId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Dropped. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @constant */
              refreshed: true;
            };
          };
        };
        /** @description Accepted; the instances drop them within a second. */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @constant */
              refreshed: true;
            };
          };
        };
        400: components['responses']['AdminError'];
        401: components['responses']['AdminError'];
        503: components['responses']['AdminError'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The audit trail, newest first. */
    get: {
      parameters: {
        query?: {
          investorId?: string;
          type?: components['schemas']['AuditEvent']['type'];
          since?: string;
          /** @description The `next` of an earlier answer. */
          before?: string;
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The matching events; `next` when there may be more. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              events: components['schemas']['AuditEvent'][];
              next?: string;
            };
          };
        };
        400: components['responses']['AdminError'];
        401: components['responses']['AdminError'];
        503: components['responses']['AdminError'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @enum {string} */
    ErrorCode:
      | 'invalid_request'
      | 'invalid_json'
      | 'invalid_state'
      | 'login_cancelled'
      | 'login_failed'
      | 'login_required'
      | 'unauthorized'
      | 'session_expired'
      | 'signature_invalid'
      | 'csrf_required'
      | 'insecure_transport'
      | 'forbidden_origin'
      | 'forbidden'
      | 'kyc_required'
      | 'not_eligible'
      | 'no_rule'
      | 'path_rejected'
      | 'not_found'
      | 'method_not_allowed'
      | 'conflict'
      | 'payload_too_large'
      | 'unsupported_media_type'
      | 'rate_limited'
      | 'securitize_unavailable'
      | 'securitize_rejected'
      | 'upstream_unavailable'
      | 'upstream_timeout'
      | 'session_store_unavailable'
      | 'logout_incomplete'
      | 'internal_error';
    Error: {
      error: components['schemas']['ErrorCode'];
      message: string;
      requestId: string;
    };
    AdminError: {
      error: components['schemas']['ErrorCode'];
      message: string;
      requestId: string;
      /** @description A 400: each parameter that was refused, and why. */
      problems?: string;
    };
    AdminSession: {
      /** @description A hash of the session id: the investor's /api/sessions id. */
      handle: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      lastSeenAt: string;
      /** Format: date-time */
      expiresAt: string;
      address: components['schemas']['NullableString'];
      /** @enum {string} */
      browser: 'Chrome' | 'Firefox' | 'Safari' | 'Edge' | 'other';
    };
    AuditEvent: {
      /** Format: date-time */
      at: string;
      /** @enum {string} */
      type:
        | 'login_succeeded'
        | 'login_failed'
        | 'logout'
        | 'session_ended'
        | 'access_denied'
        | 'admin_action'
        | 'webhook_received';
      investorId?: string;
      /** @description The session's handle. */
      session?: string;
      /** @description <hostname>/<pid> of the instance that recorded it. */
      instance: string;
      reason?: string;
      /** @enum {string} */
      scope?: 'this' | 'all' | 'others';
      actor?: string;
      rule?: string;
      action?: string;
      outcome?: string;
      count?: number;
      eventType?: string;
    };
    NullableString: string | null;
    /** @description Securitize's object passed through as sent; its members are not part of this contract. */
    NullableObject: {
      [key: string]: unknown;
    } | null;
    Me: {
      investorId: string;
      /** Format: date-time */
      tokenExpiresAt: string;
      country: string | null;
      authorized: boolean;
      /** Format: date-time */
      sessionCreatedAt: string;
      sessionSecondsLeft: number;
      idleSecondsLeft: number;
      absoluteSecondsLeft: number;
    };
    Investor: {
      investorId: string;
      email: components['schemas']['NullableString'];
      fullName: components['schemas']['NullableString'];
      investorType: components['schemas']['NullableString'];
      country: components['schemas']['NullableString'];
      /** @description Securitize's value, passed through; may be outside the documented set. */
      verificationStatus: string;
      verificationStatusKnown: boolean;
      /** @description true only for "verified" */
      verified: boolean;
      tfaEnabled: boolean | null;
      language: components['schemas']['NullableString'];
      createDate: components['schemas']['NullableString'];
      details: components['schemas']['NullableObject'];
      domainInvestorDetails: components['schemas']['NullableObject'];
    };
    Verification:
      | {
          /** @constant */
          status: 'none';
        }
      | {
          status: string;
          createDate: components['schemas']['NullableString'];
          updateDate: components['schemas']['NullableString'];
          isManual: boolean | null;
          errors: string[];
        };
    Document: {
      documentId: string;
      docType: components['schemas']['NullableString'];
      docCategory: components['schemas']['NullableString'];
      side: components['schemas']['NullableString'];
      fileName: components['schemas']['NullableString'];
      fileType: components['schemas']['NullableString'];
      verificationStatus: components['schemas']['NullableString'];
      thumbnail: components['schemas']['NullableString'];
      createDate: components['schemas']['NullableString'];
    };
    Signer: {
      signerId: string;
      signerType: components['schemas']['NullableString'];
      email: components['schemas']['NullableString'];
      individualName: components['schemas']['NullableObject'];
      legalName: components['schemas']['NullableString'];
      businessName: components['schemas']['NullableString'];
      entityType: components['schemas']['NullableString'];
      address: components['schemas']['NullableObject'];
      birthDate: components['schemas']['NullableString'];
      createDate: components['schemas']['NullableString'];
      documents: components['schemas']['Document'][];
    };
    Wallet: {
      address: string;
      name: components['schemas']['NullableString'];
      tokenId: components['schemas']['NullableString'];
      status: components['schemas']['NullableString'];
      securitizeIdWalletId: components['schemas']['NullableString'];
      createDate: components['schemas']['NullableString'];
    };
    NewWallet: {
      address: string;
      tokenId: string;
      name?: string;
      securitizeIdWalletId?: string;
    };
    View: {
      /**
       * Format: uri
       * @description A fresh pre-signed URL; never cache it.
       */
      url: string;
    };
    Session: {
      /** @description A hash; never the session id. */
      id: string;
      current: boolean;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      lastSeenAt: string;
      userAgent: components['schemas']['NullableString'];
    };
  };
  responses: {
    /** @description An error of the admin API (401 `unauthorized`, 400 `invalid_request` with `problems`, …). */
    AdminError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['AdminError'];
      };
    };
    /** @description An error. `error` is one of a closed set of codes. */
    Error: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description 303 to APP_URL + returnTo on success, or to APP_URL/?error=<code> on failure; never a URL with the code in it. */
    LoginRedirect: {
      headers: {
        Location?: string;
        [name: string]: unknown;
      };
      content?: never;
    };
  };
  parameters: {
    csrf: '1';
    id: string;
    /** @description The investor's id at Securitize iD. */
    investorId: string;
    /** @description Why, for the audit trail. */
    adminReason: string;
  };
  requestBodies: never;
  headers: {
    RetryAfter: number;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
