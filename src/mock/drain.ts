import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/**
 * A server's requests in flight, so it can stop gracefully: stop accepting, let the requests it
 * has begun finish for a while, then close every socket. The count is owned by this instance.
 */
export class Drain {
  private readonly open = new Set<ServerResponse>();
  private server: Server | undefined;
  private closing: Promise<number> | undefined;
  private cutNow: (() => void) | undefined;
  private finishIfIdle: (() => void) | undefined;

  /** Requests begun and not yet answered. */
  get inFlight(): number {
    return this.open.size;
  }

  /** The listener, counting what it is given. */
  wrap(listener: RequestListener): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
      // While closing, a request on a kept-alive connection is still answered, but its socket is
      // not kept for another.
      if (this.closing) res.setHeader('connection', 'close');
      listener(req, res);
      // Answered at once (a status GET on the fast path): nothing is left to wait for, and not
      // tracking it keeps a listener and a set entry off every poll. While closing it is tracked
      // still, so that its socket is not cut before the answer is flushed.
      if (res.writableEnded && !this.closing) return;
      this.open.add(res);
      res.once('close', () => {
        this.open.delete(res);
        if (this.closing) this.settle();
      });
    };
  }

  /**
   * Stops accepting and resolves once every request in flight has finished or `graceMs` has
   * passed, whichever comes first, with how many were cut; `onCut` runs before sockets are cut
   * (to end the timers their answers wait on). A second call may shorten the grace (0: cut now).
   */
  close(server: Server, graceMs: number, onCut: () => void): Promise<number> {
    if (this.closing) {
      if (graceMs <= 0) this.cutNow?.();
      return this.closing;
    }
    this.server = server;
    this.closing = new Promise<number>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (cut: number) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        server.closeAllConnections();
        resolve(cut);
      };
      this.cutNow = () => {
        const cut = this.open.size;
        onCut();
        finish(cut);
      };
      this.finishIfIdle = () => {
        if (this.open.size === 0) finish(0);
      };
      server.close();
      for (const res of this.open) if (!res.headersSent) res.setHeader('connection', 'close');
      if (graceMs <= 0) this.cutNow();
      else timer = setTimeout(this.cutNow, graceMs);
      this.settle();
    });
    return this.closing;
  }

  /** While closing: sockets whose request has finished are idle now, and maybe no request is left. */
  private settle(): void {
    this.server?.closeIdleConnections();
    this.finishIfIdle?.();
  }
}
