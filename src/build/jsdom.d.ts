/** The part of jsdom the build uses (the package ships no types; @types/jsdom would pull the DOM lib into the Node build). */
declare module 'jsdom' {
  /** A jsdom window: passed to DOMPurify as its window, closed when replaced. */
  export interface DOMWindow {
    readonly document: { createElement(tag: string): { innerHTML: string } };
    close(): void;
  }
  export class JSDOM {
    constructor(html?: string);
    readonly window: DOMWindow;
  }
}
