import { formatCountdown } from '../format.js';

/**
 * The "session ends in" countdown. It ticks locally between polls of /api/me, which reports the
 * time left without extending it; at zero it asks `onElapsed` to check with the server.
 */
export function createSessionTimer(el: HTMLElement, onElapsed: () => void) {
  let deadline = 0;
  let tick: ReturnType<typeof setInterval> | undefined;

  function render() {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    el.textContent = `Session ends in ${formatCountdown(left)}`;
    el.classList.toggle('timer-warning', left <= 120);
    if (left === 0) {
      stop();
      onElapsed();
    }
  }

  function stop() {
    clearInterval(tick);
    tick = undefined;
  }

  return {
    set(secondsLeft: number) {
      deadline = Date.now() + secondsLeft * 1000;
      tick ??= setInterval(render, 1000);
      render();
    },
    stop,
  };
}
