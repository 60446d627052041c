// Chapter 7: the rules of a persistent connection, with no socket in sight.
//
// A connection now carries request after request. Where it is in that life is a state, and what
// moves it on is an event: the first byte of a request, the request complete, an answer sent,
// a timer. This file is the table of those moves and the rule that decides, after each answer,
// whether the connection is kept (RFC 9112 §9.3). Like h11, it does no I/O: session.ts reads
// the socket, runs the timers and asks here what comes next.

// #region states
/** Where a connection is in its life. */
export type ConnectionState =
  | 'reading' // a request has begun (or, on a new connection, is awaited): a head timer runs
  | 'answering' // a complete request is being answered: the bytes after it wait, unread
  | 'idle' // an answer went out and the connection is kept: a keep-alive timer runs
  | 'closing' // the last answer is sent or being sent, or we gave up waiting: nothing more is read
  | 'closed'; // the socket has closed

/** What happens to a connection. */
export type ConnectionEvent =
  | 'request-begins' // the first byte of a request has arrived
  | 'request-complete' // the parser has read a whole request: answer it
  | 'request-refused' // the request is broken or too slow: an error answer (400, 408, 413, ...)
  | 'answer-sent-kept' // an answer that said Connection: keep-alive has been written
  | 'answer-sent-last' // an answer that said Connection: close is being written
  | 'give-up' // idle too long, the client finished sending, or the server is stopping
  | 'socket-closed';

/** state -> event -> next state. An event missing from a state's row is a bug in the session. */
const transitions: Record<ConnectionState, Partial<Record<ConnectionEvent, ConnectionState>>> = {
  reading: {
    'request-begins': 'reading', // a new connection is already 'reading' its first request
    'request-complete': 'answering',
    'request-refused': 'answering',
    'give-up': 'closing',
    'socket-closed': 'closed',
  },
  answering: {
    'answer-sent-kept': 'idle',
    'answer-sent-last': 'closing',
    'socket-closed': 'closed',
  },
  idle: {
    'request-begins': 'reading',
    // A stray byte that cannot start a request (a lone CR, say) is refused from idle.
    'request-refused': 'answering',
    'give-up': 'closing',
    'socket-closed': 'closed',
  },
  closing: { 'socket-closed': 'closed' },
  closed: {},
};

/** The state after `event`, or undefined if the event cannot happen in `state` (a bug). */
export function nextState(
  state: ConnectionState,
  event: ConnectionEvent,
): ConnectionState | undefined {
  return transitions[state][event];
}
// #endregion states

// #region keep-or-close
/** What decides whether a connection carries another request after this answer. */
export interface AnswerFacts {
  /** The parser's shouldKeepAlive(): HTTP/1.1 without Connection: close, or HTTP/1.0 that asked
   * for keep-alive. */
  clientKeepsAlive: boolean;
  status: number;
  /** Answers on this connection so far, this one included. */
  answered: number;
  maxRequestsPerConnection: number;
  /** The server is shutting down. */
  stopping: boolean;
}

/**
 * RFC 9112 §9.3: HTTP/1.1 keeps the connection unless someone says "close". We say it when the
 * client did (or is HTTP/1.0 and did not ask to keep it), after an error, after the last request
 * a connection may carry, and when we are stopping. The answer says which (Connection: close, or
 * keep-alive with Keep-Alive: timeout=N), so that the client knows whether to send another.
 */
export function keepsAlive(facts: AnswerFacts): boolean {
  if (!facts.clientKeepsAlive) return false;
  // After a refused request we cannot tell where the next one starts (a 400 or a 413 left bytes
  // unread, a 408 cut a request short). For the other errors (404, 405, ...) we close too: it is
  // the simple rule, and it costs a new connection only after a mistake.
  if (facts.status >= 400) return false;
  // A limit, so that one client cannot keep one connection (and its place in our loop) forever.
  if (facts.answered >= facts.maxRequestsPerConnection) return false;
  return !facts.stopping;
}
// #endregion keep-or-close
