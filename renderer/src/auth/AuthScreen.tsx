/** A full-screen step before the areas (first-run setup, the lock screen): its title, a line of intro, the form. */
import type { ReactNode } from 'react';
import { Panel } from '../components/Panel';

export function AuthScreen({
  headingId,
  title,
  intro,
  children,
}: {
  headingId: string;
  title: string;
  intro: string;
  children: ReactNode;
}) {
  return (
    <Panel
      level={1}
      title={title}
      className="auth-screen"
      headingId={headingId}
      headingClassName="auth-screen__title"
    >
      <p className="auth-screen__intro">{intro}</p>
      {children}
    </Panel>
  );
}
