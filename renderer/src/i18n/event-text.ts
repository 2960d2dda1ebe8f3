/** A log line in the reader's language: from its code and parameters where it has them. */
import { renderEventMessage, type EventMessage, type Language } from '../../../native/domain';
import { useLanguage } from './i18n';

interface LoggedLine {
  text: string;
  message: EventMessage | null;
}

/** Old logs and free text (operators' notes) have no message: their stored text is shown. */
export function eventText(event: LoggedLine, language: Language): string {
  return event.message ? renderEventMessage(event.message, language) : event.text;
}

export function useEventText(): (event: LoggedLine) => string {
  const language = useLanguage();
  return (event) => eventText(event, language);
}
