// Development page: shows what the BFF's session API returns. Tokens never reach this page.
(function () {
  var messages = {
    invalid_request: 'The login response was malformed. Please try again.',
    invalid_state:
      'The login could not be matched to this browser (it may have expired). Please log in again.',
    login_cancelled: 'The login was cancelled.',
    login_failed: 'Securitize iD did not accept the login. Please log in again.',
    securitize_unavailable: 'Securitize iD is unavailable right now. Please try again shortly.',
    session_store_unavailable: 'The session store is unavailable right now. Please try again shortly.',
    insecure_transport: 'The login must use HTTPS.',
  };
  var $ = function (id) {
    return document.getElementById(id);
  };
  var error = new URLSearchParams(location.search).get('error');
  if (error) {
    $('error').textContent = messages[error] || 'Login failed (' + error.replace(/[^a-z_]/g, '') + ').';
    $('error').hidden = false;
    history.replaceState(null, '', location.pathname);
  }
  function show(loggedIn) {
    $('logged-in').hidden = !loggedIn;
    $('logged-out').hidden = loggedIn;
  }
  fetch('/api/me', { headers: { 'X-CSRF': '1' }, credentials: 'same-origin' })
    .then(function (res) {
      return res.json().then(function (body) {
        return { status: res.status, body: body };
      });
    })
    .then(function (r) {
      $('status').textContent = 'GET /api/me → ' + r.status;
      if (r.status === 200) $('me').textContent = JSON.stringify(r.body, null, 2);
      show(r.status === 200);
    })
    .catch(function () {
      $('status').textContent = 'The BFF is not reachable.';
      show(false);
    });
  $('logout').addEventListener('click', function () {
    fetch('/logout', { method: 'POST', headers: { 'X-CSRF': '1' }, credentials: 'same-origin' }).then(
      function () {
        location.replace('/');
      },
    );
  });
})();
