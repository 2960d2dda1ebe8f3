/** API failures, each with its own message and a dismiss button. Announced when they appear. */
import { useApp } from '../app-context';
import { useT } from '../i18n/i18n';
import { Icon } from './Icon';

export function ProblemBanner() {
  const t = useT();
  const { problems, dismissProblem } = useApp();
  return (
    <div className="problems" role="alert" aria-label={t('error.bannerLabel')}>
      {problems.map((problem) => (
        <div className="problem" key={problem.id}>
          <Icon name="alert" size={24} />
          <p className="problem__message">{problem.message}</p>
          <button
            type="button"
            className="icon-button"
            onClick={(event) => {
              // Keep the keyboard where it was: the next message's button, else the main area.
              const buttons = [
                ...document.querySelectorAll<HTMLButtonElement>('.problems .icon-button'),
              ];
              const next = buttons[buttons.indexOf(event.currentTarget) + 1] ?? buttons.at(-2);
              dismissProblem(problem.id);
              (next ?? document.getElementById('main'))?.focus();
            }}
            aria-label={t('error.dismissNamed', { message: problem.message })}
            title={t('error.dismiss')}
          >
            <Icon name="close" size={22} />
          </button>
        </div>
      ))}
    </div>
  );
}
