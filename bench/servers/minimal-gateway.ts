import http from 'node:http';
import { ProxyServer } from 'http-proxy-3';
import { listen, sessionApp } from './stack';

// Baseline of scenario 10: the session stack plus http-proxy-3 (the product's proxy library) with a
// keep-alive agent, forwarding `/app-api/x/*` to the upstream when the session has a user. It signs
// nothing and checks no policy.
const app = sessionApp('base-gw:');
const proxy = new ProxyServer({
  target: process.env.UPSTREAM_URL,
  changeOrigin: true,
  agent: new http.Agent({ keepAlive: true }),
});
app.use('/app-api/x', (req, res, next) => {
  if (!req.session.user) return void res.status(401).json({ error: 'login_required' });
  proxy.web(req, res, {}, (err) => next(err));
});
listen(app);
