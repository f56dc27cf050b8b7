// Waiting for the browser to draw: work split into chunks lets each chunk be seen before the next.

/**
 * Resolves once the browser has drawn the current frame: a message posted from the frame's
 * callback is handled after the frame is painted, half a frame sooner on average than waiting
 * for the next frame's callback. A hidden page draws no frames: it only lets other tasks run.
 */
export function afterNextFrame(): Promise<void> {
  if (document.visibilityState === 'hidden') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => requestAnimationFrame(() => void afterQueuedTasks().then(resolve)));
}

/** Resolves once the tasks queued so far have run (input, the other callbacks of a frame). */
export function afterQueuedTasks(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
