import axios from 'axios';
import { env, listen, sessionApp } from './stack';

// Baseline of scenario 2: the session stack plus one axios call to the upstream investor endpoint.
const app = sessionApp('base-proxy:');
app.get('/investor', async (req, res) => {
  const user = req.session.user;
  if (!user) return void res.status(401).json({ error: 'login_required' });
  const upstream = await axios.get(`${env.simUrl}/v1/${env.clientId}/investor`, {
    headers: { authorization: env.secret, 'access-token': user.accessToken },
  });
  res.json(upstream.data);
});
listen(app);
