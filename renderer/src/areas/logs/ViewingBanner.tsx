/** Says that another site's log file is shown, read-only, with the way back to this Genba's own. */
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n/i18n';

export function ViewingBanner({
  path,
  fileName,
  note,
  onBack,
}: {
  path: string;
  fileName: string | null;
  /** What else to say than that nothing in the file changes. */
  note?: string;
  onBack: () => void;
}) {
  const t = useT();
  return (
    <div className="viewing-banner" role="status" data-viewing={path}>
      <Icon name="database" size={22} />
      <div>
        <strong>{t('logs.viewing', { file: fileName ?? path })}</strong>
        <p>{note ?? t('logs.viewingHelp')}</p>
      </div>
      <button type="button" className="button" onClick={onBack}>
        {t('logs.backToOwn')}
      </button>
    </div>
  );
}
