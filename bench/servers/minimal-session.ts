import { listen, sessionApp } from './stack';

// Baseline of scenario 1: a route that reads a ~1.5 KB session.
const app = sessionApp('base-me:');
app.get('/me', (req, res) => {
  const user = req.session.user;
  if (!user) return void res.status(401).json({ error: 'login_required' });
  res.json({ investorId: user.investorId, tokenExpiresAt: user.expiration });
});
listen(app);
