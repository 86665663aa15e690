import { own } from '../../core/dict';

/**
 * The one way a panel's host side takes a message from its webview (no 'vscode' here, so unit tests drive it): the
 * raw value is reduced to its own fields, parsed by the panel's whitelist parser, and either handled or refused.
 * A refused message is reported with the panel's name and the type it claimed, and nothing else happens; a handler
 * that throws or rejects goes to the panel's failure hook. Nothing escapes into the extension host.
 */

/** A webview message the host refused: which panel, the type it claimed (quoted and cut), and why. */
export interface RefusedMessage {
  panel: string;
  type: string;
  reason: string;
}

export interface GateHooks<ViewMsg extends { type: string }> {
  /** The panel's name in logs ('bias panel'). */
  name: string;
  /** The protocol's whitelist parser: a typed message, or undefined for anything else. */
  parse: (raw: unknown) => ViewMsg | undefined;
  /** Every accepted message except 'view/ready'. */
  handle: (msg: Exclude<ViewMsg, { type: 'view/ready' }>) => unknown;
  /** Every 'view/ready' (the first and each reload of the view). */
  onReady?: () => unknown;
  /** A handler (or onReady) threw or rejected. */
  onError: (msg: ViewMsg, e: unknown) => unknown;
  /** A message was refused (nothing else happens). */
  refuse: (r: RefusedMessage) => void;
}

const MAX_TYPE = 80;

/** The type a raw message claims, for logs: quoted, control characters escaped, cut at 80 characters; else its kind. */
export function claimedType(raw: unknown): string {
  if (raw === null) return '(null)';
  if (Array.isArray(raw)) return '(an array)';
  if (typeof raw !== 'object') return `(a ${typeof raw})`;
  const t = Object.prototype.hasOwnProperty.call(raw, 'type') ? (raw as { type: unknown }).type : undefined;
  if (typeof t !== 'string') return t === undefined ? '(no type)' : `(a ${t === null ? 'null' : typeof t} type)`;
  const cut = t.length > MAX_TYPE ? `${t.slice(0, MAX_TYPE)}…` : t;
  return JSON.stringify(cut);
}

/**
 * The raw message's own enumerable fields in a null-prototype object, so that a parser reading `m.type` sees only
 * what the webview sent (never an inherited or prototype-named field); undefined for anything but a plain object.
 */
export function ownFields(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const proto: unknown = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(raw)) Object.defineProperty(out, k, { value: own(raw as Record<string, unknown>, k), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Tracks whether the view has said 'view/ready' and routes each message; see the file comment. */
export class MessageGate<ViewMsg extends { type: string }> {
  private isReady = false;

  constructor(private readonly hooks: GateHooks<ViewMsg>) {}

  /** True once the view has said 'view/ready' (messages posted before are lost). */
  get ready(): boolean {
    return this.isReady;
  }

  /** Takes one raw message; resolves when it has been handled or refused. Never rejects. */
  async receive(raw: unknown): Promise<void> {
    const h = this.hooks;
    let msg: ViewMsg | undefined;
    let reason = 'not a message this panel accepts (unknown type, or a missing or invalid field)';
    const fields = ownFields(raw);
    if (!fields) reason = 'not a plain object';
    else {
      try {
        msg = h.parse(fields);
      } catch (e) {
        reason = `its parser failed: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    if (!msg || typeof msg.type !== 'string') {
      try {
        h.refuse({ panel: h.name, type: claimedType(raw), reason });
      } catch {
        /* a failing logger must not fail the host */
      }
      return;
    }
    try {
      if (msg.type === 'view/ready') {
        this.isReady = true;
        await h.onReady?.();
      } else await h.handle(msg as Exclude<ViewMsg, { type: 'view/ready' }>);
    } catch (e) {
      try {
        await h.onError(msg, e);
      } catch {
        /* the failure path itself failed: nothing more to do without risking the host */
      }
    }
  }
}
