// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { useSharedPart, useSharedValue, sharedValue, type SharedValue } from './shared-value';

const root = document.createElement('div');
afterEach(() => render(null, root));

/** A parent that does not follow the value, around a child that does; each counts its renders. */
function mount(shared: SharedValue<number>, setDuringRender?: number) {
  const renders = { parent: 0, child: 0 };
  const Child = () => {
    renders.child++;
    const value = useSharedValue(shared);
    // A set after the child has read the value, before its effect subscribes.
    if (setDuringRender !== undefined && renders.child === 1) shared.set(setDuringRender);
    return h('p', null, String(value));
  };
  const Parent = () => {
    renders.parent++;
    return h('div', null, h(Child, null));
  };
  act(() => render(h(Parent, null), root));
  return renders;
}

describe('sharedValue', () => {
  it('renders again only the component that follows it, once per set', () => {
    const shared = sharedValue(0);
    const renders = mount(shared);
    for (let n = 1; n <= 5; n++) act(() => shared.set(n));
    expect(root.textContent).toBe('5');
    expect(renders).toEqual({ parent: 1, child: 6 });
  });

  it('does not miss a set made between the render and the subscription', () => {
    const shared = sharedValue(0);
    mount(shared, 7);
    expect(root.textContent).toBe('7');
  });

  it('stops following once the component is gone', () => {
    const shared = sharedValue(0);
    const renders = mount(shared);
    act(() => render(null, root));
    act(() => shared.set(1));
    expect(renders.child).toBe(1);
  });
});

describe('useSharedValue, at most every few milliseconds', () => {
  afterEach(() => vi.useRealTimers());

  it('shows sets that come faster together, and the last one always', () => {
    vi.useFakeTimers();
    const shared = sharedValue(0);
    let renders = 0;
    const Chip = () => {
      renders++;
      return h('p', null, String(useSharedValue(shared, 250)));
    };
    act(() => render(h(Chip, null), root));
    // The first set renders at once; the nine after it, within 250 ms, wait for one render together.
    for (let n = 1; n <= 10; n++) {
      act(() => shared.set(n));
      vi.advanceTimersByTime(10);
    }
    expect(renders).toBe(2);
    expect(root.textContent).toBe('1');
    act(() => vi.advanceTimersByTime(250));
    expect(renders).toBe(3);
    expect(root.textContent).toBe('10');
  });
});

describe('useSharedPart', () => {
  const isEven = (n: number): boolean => n % 2 === 0;

  it('renders again only when the part picked changes, not at every set', () => {
    const shared = sharedValue(0);
    let renders = 0;
    const Even = () => {
      renders++;
      return h('p', null, String(useSharedPart(shared, isEven)));
    };
    act(() => render(h(Even, null), root));
    for (const n of [2, 4, 5, 7, 9, 10]) act(() => shared.set(n));
    expect(root.textContent).toBe('true');
    // true, then false at 5, then true at 10.
    expect(renders).toBe(3);
  });

  it('does not miss a set made between the render and the subscription', () => {
    const shared = sharedValue(0);
    const Even = () => {
      const even = useSharedPart(shared, isEven);
      if (shared.get() === 0) shared.set(1);
      return h('p', null, String(even));
    };
    act(() => render(h(Even, null), root));
    expect(root.textContent).toBe('false');
  });
});
