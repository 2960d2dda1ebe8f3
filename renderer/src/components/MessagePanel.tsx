/** A calm full-width message: a large icon, a heading, a sentence or two, and what to do next. */
import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export function MessagePanel({
  className,
  icon,
  iconSize = 40,
  iconClassName,
  title,
  headingId,
  level = 2,
  testId,
  children,
}: {
  className: string;
  icon: IconName;
  iconSize?: number;
  iconClassName?: string;
  title: string;
  headingId: string;
  /** 1 where the message stands in for the whole screen. */
  level?: 1 | 2;
  testId?: string;
  children?: ReactNode;
}) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <section className={className} aria-labelledby={headingId} data-testid={testId}>
      <div
        className={iconClassName ? `panel__icon ${iconClassName}` : 'panel__icon'}
        aria-hidden="true"
      >
        <Icon name={icon} size={iconSize} />
      </div>
      <Heading id={headingId} className="panel__title">
        {title}
      </Heading>
      {children}
    </section>
  );
}
