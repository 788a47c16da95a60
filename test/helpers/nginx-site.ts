/**
 * The nginx server block that puts the BFF's forward-auth in front of an app's backend: what
 * test/vouch/nginx.test.ts runs and what the docs show (the same text, with other addresses).
 * `/app/…` is the backend's API as the browser calls it; the backend gets it without `/app`.
 * `listen` defaults to the test's `127.0.0.1:{{PORT}}`.
 */
export function forwardAuthServer(o: { forwardAuth: string; backend: string; listen?: string }): string {
  return `# An app's backend behind nginx, with the Securitize iD BFF's forward-auth deciding every request.
# Needs nginx's auth_request module (in Debian's and Ubuntu's nginx packages, and nginx.org's).
# POLICY_FILE's rules name the paths the BROWSER uses (/app/...): the auth request carries $request_uri.
server {
  listen ${o.listen ?? '127.0.0.1:{{PORT}}'};

  # The app's backend API: /app/offerings reaches the backend as /offerings.
  location /app/ {
    auth_request /_bff_auth;
    # What forward-auth answered (auth_request_set runs for every status the auth request gets).
    auth_request_set $investor_id $upstream_http_x_investor_id;
    auth_request_set $assertion $upstream_http_x_investor_assertion;
    auth_request_set $auth_reason $upstream_http_x_auth_reason;
    auth_request_set $auth_requirement $upstream_http_x_auth_requirement;
    auth_request_set $auth_action $upstream_http_x_auth_action;
    auth_request_set $auth_retry_after $upstream_http_retry_after;
    auth_request_set $auth_status $upstream_status;

    # nginx drops the auth answer's body: these rebuild the browser's answer from its headers. They
    # catch only what nginx itself produces (proxy_intercept_errors is off), never the backend's own
    # 401/403/500.
    error_page 401 = @login_required;
    error_page 403 = @denied;
    error_page 500 = @auth_failed;

    # The backend gets the signed assertion (verify it against the BFF's /.well-known/jwks.json),
    # never the browser's cookie, nor a browser's own Authorization, X-Investor-Id or -Assertion.
    proxy_set_header Authorization "Bearer $assertion";
    proxy_set_header X-Investor-Id $investor_id;
    proxy_set_header X-Investor-Assertion "";
    proxy_set_header Cookie "";
    proxy_pass http://${o.backend}/;
  }

  # The auth request: always a GET without a body; the original method and URI go in the two
  # headers forward-auth reads (FORWARD_AUTH_HEADERS=nginx, the default). These overwrite any the
  # browser sent; the browser's Cookie, Origin, Sec-Fetch-Site and X-CSRF go along as sent.
  location = /_bff_auth {
    internal;
    proxy_pass http://${o.forwardAuth}/auth;
    proxy_pass_request_body off;
    proxy_set_header Content-Length "";
    proxy_set_header X-Original-URI $request_uri;
    proxy_set_header X-Original-Method $request_method;
    proxy_connect_timeout 2s;
  }

  # 401 from forward-auth: no live session (log in at the BFF's /login).
  location @login_required {
    default_type application/json;
    add_header Cache-Control no-store always;
    add_header X-Auth-Reason $auth_reason always;
    return 401 '{"error":"login_required"}';
  }

  # 403 from forward-auth: refused. X-Auth-Reason is the error (kyc_required, not_eligible,
  # csrf_required, forbidden_origin, method_not_allowed, path_rejected, invalid_request),
  # X-Auth-Requirement the failed requirement, X-Auth-Action where to finish KYC (kyc_required).
  # (An empty value sends no header. The body is not JSON-escaped: the BFF sends fixed codes.)
  location @denied {
    default_type application/json;
    add_header Cache-Control no-store always;
    add_header X-Auth-Reason $auth_reason always;
    add_header X-Auth-Requirement $auth_requirement always;
    add_header X-Auth-Action $auth_action always;
    return 403 '{"error":"$auth_reason"}';
  }

  # nginx turns every other auth status into 500. Forward-auth's 503 (Redis or Securitize
  # unavailable, with its X-Auth-Reason and Retry-After), an unreachable BFF (502) and a timeout
  # (504) become 503 again.
  location @auth_failed {
    default_type application/json;
    add_header Cache-Control no-store always;
    add_header X-Auth-Reason $auth_reason always;
    add_header Retry-After $auth_retry_after always;
    if ($auth_status ~ "^50[234]$") {
      return 503 '{"error":"auth_unavailable"}';
    }
    return 500 '{"error":"internal"}';
  }
}
`;
}
