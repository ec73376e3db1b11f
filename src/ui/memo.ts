/** Owns `memo`: a component that renders again only when one of its props changed (preact/compat's idea, without compat's weight). */
import { Component, h, type ComponentChildren, type FunctionComponent } from 'preact';

/** True when two props objects differ in any key, compared with `Object.is` (children excepted, which these rows have none of). */
function differs(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k in a) if (!(k in b)) return true;
  for (const k in b) if (!Object.is(a[k], b[k])) return true;
  return false;
}

/** `render` as a component that skips rendering when its props are shallowly equal to the last ones. */
export function memo<P extends object>(render: FunctionComponent<P>): FunctionComponent<P> {
  class Memo extends Component<P & { children?: ComponentChildren }> {
    override shouldComponentUpdate(next: P): boolean {
      return differs(this.props as Record<string, unknown>, next as Record<string, unknown>);
    }
    override render(props: P) {
      return h(render, props);
    }
  }
  return Memo as unknown as FunctionComponent<P>;
}
