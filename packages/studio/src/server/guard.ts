import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { IncomingMessage } from "node:http";
import { StudioRequestError } from "./errors.js";

/**
 * Who may talk to the studio. Three checks, each against a different attack:
 *
 * - **Host** (every request): a page on another site can point its own DNS
 *   name at 127.0.0.1 ("DNS rebinding") and then read this server as if it
 *   were its own origin. Its requests still carry its name in `Host`, so
 *   only the names this server is reached by are accepted: `127.0.0.1` or
 *   `localhost` with the port listened on, the `--host` given, and, when
 *   listening on every address (0.0.0.0 / ::), any IP address literal —
 *   rebinding needs a DNS name, never an IP.
 * - **Token** (every /api request): a random secret printed in the address
 *   only the user sees; other local users and pages cannot guess it.
 * - **Origin** (writes): the request must come from the studio's own page,
 *   never from another site's form or script.
 */
export class Guard {
  private readonly token: Buffer;

  constructor(
    token: string,
    private readonly host: string,
    private readonly port: () => number,
  ) {
    this.token = Buffer.from(token);
  }

  /** The `Host` header, checked; refuses the request with 403 when it is not this server's. */
  checkHost(req: IncomingMessage): string {
    const header = req.headers.host;
    if (header === undefined || !this.isOwnHost(header))
      throw new StudioRequestError(
        403,
        "bad-host",
        "this server answers only to its own address (open the address flowc studio printed)",
      );
    return header;
  }

  checkToken(given: string | null | undefined): void {
    const bytes = Buffer.from(given ?? "");
    if (bytes.length !== this.token.length || !timingSafeEqual(bytes, this.token))
      throw new StudioRequestError(
        403,
        "bad-token",
        "missing or wrong token: open the address flowc studio printed, with its ?token=",
      );
  }

  /** A write must come from a page of this server: `Origin` is `http://` + the (checked) Host. */
  checkOrigin(req: IncomingMessage, host: string): void {
    if (req.headers.origin !== `http://${host}`)
      throw new StudioRequestError(403, "bad-origin", "writes are accepted only from the studio's own page");
  }

  private isOwnHost(header: string): boolean {
    const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(header);
    if (match === null || match[2] === undefined || Number(match[2]) !== this.port()) return false;
    const name = match[1]!.toLowerCase();
    const bare = name.startsWith("[") ? name.slice(1, -1) : name;
    if (name === "127.0.0.1" || name === "localhost") return true;
    if (bare === this.host.toLowerCase()) return true;
    return isWildcard(this.host) && isIP(bare) !== 0;
  }
}

/** Whether `host` listens on every address of the machine. */
export function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}

/** Whether `host` is reachable only from this machine. */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith("[") ? host.slice(1, -1) : host;
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}
