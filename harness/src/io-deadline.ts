// A timeout for a wait on I/O that never fires with its answer already waiting to be read.
//
// When the event loop has been held up (a busy machine, a long synchronous step of a neighbouring
// check in the same process), it runs its expired timers before it polls for I/O: a plain
// setTimeout would time out a wait whose bytes are already in the kernel's buffer. Here the
// expiry waits for one poll (setImmediate runs after it), and a wait that the poll satisfied
// cancels it. One poll reads what a stream has waiting up to a limit (libuv: 32 reads of 64 KiB):
// a wait for more than that, all of it already there, can still expire.

/** Calls `expired` once `ms` have passed and the I/O pending then has been read; returns a cancel. */
export function ioDeadline(ms: number, expired: () => void): () => void {
  let immediate: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => {
    immediate = setImmediate(expired);
  }, ms);
  return () => {
    clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
  };
}
