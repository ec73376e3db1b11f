/** A thin bar at the top of the screen that fills as the article is read (drawn without re-rendering on scroll). */
import { useEffect, useRef } from 'preact/hooks';

export function ReadingProgress() {
  const bar = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let frame = 0;
    const draw = () => {
      frame = 0;
      const max = document.documentElement.scrollHeight - innerHeight;
      bar.current?.style.setProperty('--read', String(max > 0 ? Math.min(1, scrollY / max) : 1));
    };
    const schedule = () => void (frame ||= requestAnimationFrame(draw));
    // The page grows as the body and its images arrive: redraw then too, not only on scroll.
    const grown = new ResizeObserver(schedule);
    grown.observe(document.body);
    addEventListener('scroll', schedule, { passive: true });
    addEventListener('resize', schedule);
    return () => {
      removeEventListener('scroll', schedule);
      removeEventListener('resize', schedule);
      grown.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
  // Decorative: the same information is the scroll position, which assistive technology already reports.
  return (
    <div class="progress" aria-hidden="true">
      <span ref={bar} class="progress__bar" />
    </div>
  );
}
