/**
 * Calls `tick` every `ms` while the page is visible, and at once when it is shown again (a tab the
 * user comes back to is brought up to date before the next interval). Returns how to stop.
 */
export function whileVisible(tick: () => void, ms: number): () => void {
  const onShown = () => {
    if (document.visibilityState === 'visible') tick();
  };
  const timer = setInterval(() => {
    if (document.visibilityState !== 'hidden') tick();
  }, ms);
  document.addEventListener('visibilitychange', onShown);
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onShown);
  };
}
