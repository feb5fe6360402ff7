/**
 * The few DOM types the widget uses. The project compiles for Node (no `dom` lib, which would leak
 * browser globals into the server code), so the widget declares what it touches here and reaches
 * the browser through `globalThis`; importing the module in Node is harmless (it defines nothing).
 */

export interface DomEvent {
  readonly type: string;
  preventDefault(): void;
}

export type Listener = (event: DomEvent) => void;

export interface DomNode {
  textContent: string | null;
}

export interface DomElement extends DomNode {
  className: string;
  hidden: boolean;
  title: string;
  innerHTML: string;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  append(...nodes: Array<DomNode | string>): void;
  replaceChildren(...nodes: Array<DomNode | string>): void;
  addEventListener(type: string, listener: Listener): void;
  removeEventListener(type: string, listener: Listener): void;
  dispatchEvent(event: DomEvent): boolean;
  querySelector(selector: string): DomElement | null;
}

export interface DomTextArea extends DomElement {
  value: string;
  selectionStart: number;
  selectionEnd: number;
  setRangeText(text: string, start: number, end: number, mode?: 'select' | 'start' | 'end' | 'preserve'): void;
  focus(): void;
}

export interface DomShadowRoot extends DomElement {}

export interface DomDocument {
  getElementById(id: string): DomElement | null;
  createElement(tag: string): DomElement;
}

export interface DomWebSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: DomEvent) => void) | null;
  onmessage: ((event: DomEvent & { data: unknown }) => void) | null;
  onclose: ((event: DomEvent) => void) | null;
  onerror: ((event: DomEvent) => void) | null;
}

/** The custom element base as the widget sees it. */
export interface HostElement extends DomElement {
  attachShadow(init: { mode: 'open' | 'closed' }): DomShadowRoot;
  readonly isConnected: boolean;
}

export interface BrowserGlobals {
  HTMLElement?: new () => HostElement;
  customElements?: { define(name: string, ctor: unknown): void; get(name: string): unknown };
  document?: DomDocument;
  location?: { protocol: string; host: string; href: string };
  WebSocket?: new (url: string) => DomWebSocket;
  Event: new (type: string, init?: { bubbles?: boolean; composed?: boolean }) => DomEvent;
  CustomEvent: new (type: string, init?: { detail?: unknown; bubbles?: boolean; composed?: boolean }) => DomEvent;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
