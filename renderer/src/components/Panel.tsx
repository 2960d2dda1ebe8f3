/** A titled section: the heading names the region for assistive tech. */
import { useId, type ReactNode } from 'react';

export function Panel({
  title,
  className,
  headingClassName = 'section-title',
  headingId,
  children,
}: {
  title: ReactNode;
  className?: string;
  headingClassName?: string;
  /** A stable id when something outside refers to the heading; otherwise one is made. */
  headingId?: string;
  children?: ReactNode;
}) {
  const made = useId();
  const id = headingId ?? made;
  return (
    <section className={className} aria-labelledby={id}>
      <h2 id={id} className={headingClassName}>
        {title}
      </h2>
      {children}
    </section>
  );
}
