import axios from 'axios';
import type { Request } from 'express';
import { BenchUser, env, listen, sessionApp } from './stack';

// Baseline of scenario 3, the callback shape: one upstream POST, regenerate, save, 303.
const app = sessionApp('base-cb:');
const promised = (req: Request, op: 'regenerate' | 'save') =>
  new Promise<void>((resolve, reject) => req.session[op]((err: unknown) => (err ? reject(err) : resolve())));

app.get('/callback', async (req, res) => {
  const { data } = await axios.post<BenchUser>(
    `${env.simUrl}/v1/${env.clientId}/oauth2/authorize`,
    { code: String(req.query.code) },
    { headers: { authorization: env.secret } },
  );
  await promised(req, 'regenerate');
  req.session.user = data;
  await promised(req, 'save');
  res.redirect(303, '/');
});
listen(app);
