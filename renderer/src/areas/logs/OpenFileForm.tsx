/** Typing the path of a log file to review (the browser has no file chooser for the server's disk). */
import { useState } from 'react';
import { TextEntry } from '../../components/TextEntry';
import { LabelOverRow } from '../../components/LabelledField';
import { useT } from '../../i18n/i18n';

export function OpenFileForm({
  onOpen,
  onCancel,
}: {
  onOpen: (path: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [path, setPath] = useState('');
  return (
    <form
      className="open-file panel"
      onSubmit={(event) => {
        event.preventDefault();
        if (path.trim()) onOpen(path.trim());
      }}
    >
      <LabelOverRow
        controlId="log-file-path"
        label={t('logs.openFileLabel')}
        rowClassName="open-file__row"
      >
        <TextEntry
          id="log-file-path"
          type="text"
          value={path}
          onValue={setPath}
          placeholder={t('logs.openFilePlaceholder')}
        />
        <button type="submit" className="button button--primary">
          {t('logs.openFileSubmit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('logs.cancel')}
        </button>
      </LabelOverRow>
    </form>
  );
}
