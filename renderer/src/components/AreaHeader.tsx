/** The heading of an area. It receives focus after navigation so keyboard and screen-reader users land on the new content. */
import type { ReactNode } from 'react';

export const AREA_HEADING_ID = 'area-heading';

export function AreaHeader({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: string;
  children?: ReactNode;
}) {
  return (
    <header className="area-header">
      <div>
        <h1 id={AREA_HEADING_ID} className="area-header__title" tabIndex={-1}>
          {title}
        </h1>
        {intro ? <p className="area-header__intro">{intro}</p> : null}
      </div>
      {children}
    </header>
  );
}
