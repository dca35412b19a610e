import type { RequestHandler, Response } from 'express';
import type { Server } from 'node:http';
import { fail } from './errors.js';

/**
 * At a stop, how long what the system already received may take to be read: node accepts one
 * waiting connection per turn of its loop, and reads its request at a later turn.
 */
const MAX_READ_MS = 1_000;

/** The HTTP side of a stop: what is received before it is answered, what comes after is refused. */
export interface HttpDrain {
  /** First of the app's handlers: a request read once the drain began is refused, 503 SHUTTING_DOWN. */
  readonly middleware: RequestHandler;
  /**
   * Stops taking requests: reads what already arrived (those requests are answered), then closes
   * the listener and idle connections and waits, up to `graceMs`, for the requests in flight to be
   * answered; past it, cuts what is left. `beforeWait` runs once no new request can start (the
   * WebSockets are closed there: they would hold the server open).
   */
  close(graceMs: number, beforeWait?: () => Promise<void>): Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Drains an HTTP server the way a client can rely on: every request the service received before
 * the stop — its bytes in the system's buffers when the signal came, not yet read — is read and
 * answered in full; every request after it is refused without being run, by a refused or closed
 * connection before any of it is read, or 503 with `Connection: close` when it comes on a
 * connection still open (RFC 9110 § 15.6.4: the client may send it again elsewhere). Closing idle
 * connections at once (as `server.close()` does) cut connections whose request had arrived but was
 * not read yet, and ending them half way (Apollo's drain) let such a request run, write to the log,
 * and find no connection to answer on.
 */
export const createHttpDrain = (httpServer: Server): HttpDrain => {
  let draining = false;
  const inFlight = new Set<Response>();
  let answered = () => {};
  let arrivals = 0;
  const arrived = () => arrivals++;
  httpServer.on('connection', arrived);
  httpServer.on('request', arrived);

  /** Turns the loop until two turns in a row accept no connection and read no request (or MAX_READ_MS). */
  const readWhatArrived = async () => {
    const until = performance.now() + MAX_READ_MS;
    let quiet = 0;
    while (quiet < 2 && performance.now() < until) {
      const before = arrivals;
      await nextTurn();
      quiet = arrivals === before ? quiet + 1 : 0;
    }
  };

  const middleware: RequestHandler = (_request, response, next) => {
    if (draining) {
      response.setHeader('connection', 'close');
      response.setHeader('retry-after', '1');
      fail(response, 503, 'SHUTTING_DOWN', 'The service is stopping: send the request again in a moment');
      return;
    }
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      if (draining && inFlight.size === 0) answered();
    });
    next();
  };

  let closing: Promise<void> | undefined;
  const close = (graceMs: number, beforeWait?: () => Promise<void>) =>
    (closing ??= (async () => {
      await readWhatArrived();
      draining = true;
      // Answers still to be written close their connection: no new request comes on it.
      for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
      const allAnswered = new Promise<void>((resolve) => {
        answered = resolve;
        if (inFlight.size === 0) resolve();
      });
      // No new connection; those with no request under way are closed (node's server.close()).
      httpServer.close();
      await beforeWait?.();
      let timer: NodeJS.Timeout | undefined;
      const past = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([allAnswered, past]);
      clearTimeout(timer);
      // What is left is idle (kept alive after its answer) or, past the grace, cut.
      httpServer.closeAllConnections();
    })());

  return { middleware, close };
};
