/** A panel of the Teach area: the shared `Panel` with the area's card look and heading style. */
import type { ReactNode } from 'react';
import { Panel } from '../../components/Panel';

export function TeachPanel({
  title,
  headingId,
  children,
}: {
  title: ReactNode;
  headingId: string;
  children?: ReactNode;
}) {
  return (
    <Panel
      title={title}
      className="panel teach-panel"
      headingId={headingId}
      headingClassName="panel-heading"
    >
      {children}
    </Panel>
  );
}
