// Served as /login.js. Plain browser JavaScript kept as text, so no build step or test instrumentation touches it.
export const LOGIN_JS = `'use strict';

(function () {
  var hash = window.location.hash;
  var queryStart = hash.indexOf('?');
  var params = new URLSearchParams(queryStart === -1 ? '' : hash.slice(queryStart + 1));
  var issuerId = params.get('issuerId') || params.get('client_id') || '';
  var scope = params.get('scope') || '';
  var redirectUrl = params.get('redirecturl') || params.get('redirect_uri') || '';

  function byId(id) {
    return document.getElementById(id);
  }

  // Only the login page has the request form: anywhere else (an error page, say) there is nothing to do.
  if (!byId('login-form') || !byId('missing-params')) return;

  // Securitize iD's verification deep link (#/profile/verification/type?...) opens this page too; its
  // form is served by /verification, which gets the same three parameters as a query.
  if (hash.indexOf('#/profile/verification') === 0) {
    var query = new URLSearchParams({ issuerId: issuerId, scope: scope, redirecturl: redirectUrl });
    window.location.replace('/verification?' + query.toString());
    return;
  }

  window.addEventListener('hashchange', function () {
    window.location.reload();
  });

  if (!issuerId || !redirectUrl) {
    byId('missing-params').hidden = false;
    return;
  }

  byId('app-client-id').textContent = issuerId;
  byId('app-redirect-url').textContent = redirectUrl;
  var scopes = byId('app-scopes');
  scope.split(/\\s+/).filter(Boolean).forEach(function (name) {
    var item = document.createElement('li');
    item.textContent = name;
    scopes.appendChild(item);
  });
  byId('field-issuer-id').value = issuerId;
  byId('field-scope').value = scope;
  byId('field-redirect-url').value = redirectUrl;
  byId('request').hidden = false;

  // The hidden input is named "action", which shadows form.action; only the attribute matters for submit().
  // It is set on every submit, so a page restored from the back/forward cache never posts to the wrong place.
  function submit(action, investorId, target) {
    var form = byId('login-form');
    byId('field-action').value = action;
    byId('field-investor-id').value = investorId;
    form.setAttribute('action', target || '/login/approve');
    form.submit();
  }

  document.querySelectorAll('[data-investor-id]').forEach(function (button) {
    button.addEventListener('click', function () {
      submit('approve', button.getAttribute('data-investor-id'));
    });
  });
  byId('cancel').addEventListener('click', function () {
    submit('cancel', '');
  });
  byId('signup').addEventListener('click', function () {
    submit('signup', '', '/signup/start');
  });
})();
`;
