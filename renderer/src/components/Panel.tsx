/** A titled section: the heading names the region for assistive tech. */
import { useId, type ReactNode } from 'react';

export function Panel({
  title,
  className,
  headingClassName = 'section-title',
  headingId,
  beside,
  headClassName,
  level = 2,
  children,
}: {
  title: ReactNode;
  className?: string;
  headingClassName?: string;
  /** A stable id when something outside refers to the heading; otherwise one is made. */
  headingId?: string;
  /** What stands on the heading's line (a button, a count); the two are wrapped in `headClassName`. */
  beside?: ReactNode;
  headClassName?: string;
  /** 1 where the section stands in for the whole screen. */
  level?: 1 | 2;
  children?: ReactNode;
}) {
  const made = useId();
  const id = headingId ?? made;
  const Heading = level === 1 ? 'h1' : 'h2';
  const heading = (
    <Heading id={id} className={headingClassName}>
      {title}
    </Heading>
  );
  return (
    <section className={className} aria-labelledby={id}>
      {beside === undefined ? (
        heading
      ) : (
        <div className={headClassName}>
          {heading}
          {beside}
        </div>
      )}
      {children}
    </section>
  );
}
