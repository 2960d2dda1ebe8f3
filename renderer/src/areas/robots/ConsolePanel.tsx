/**
 * The raw packet console: type hex (checked as you type; the CRC can be completed for you), send
 * it with `console.send`, and read the history — direction, hex and a decoded summary — of what
 * you sent and what came back, optionally interleaved with the live bus traffic
 * (`console.traffic`, the poll loop thinned to about one exchange a second).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { JointStatus } from '../../api/contract';
import { useApp } from '../../app-context';
import { Icon } from '../../components/Icon';
import { CheckOption } from '../../components/CheckOption';
import { LabelOverRow } from '../../components/LabelledField';
import { TextEntry } from '../../components/TextEntry';
import { useT } from '../../i18n/i18n';
import {
  describePingReply,
  parseHex,
  pingPacket,
  preparePacket,
  type Framing,
} from './packet-codec';
import { useErrorText } from '../../i18n/use-error-text';
import { systemClockTime } from '../../i18n/time-formats';

interface Line {
  n: number;
  at: number;
  direction: 'tx' | 'rx' | 'error';
  source: 'console' | 'bus';
  hex: string;
  summary: string;
}

const MAX_LINES = 300;
let nextLine = 1;
const now = () => Date.now();

export function ConsolePanel({
  robotId,
  isArm,
  joints,
}: {
  robotId: string;
  isArm: boolean;
  joints: JointStatus[];
}) {
  const describeError = useErrorText();
  const t = useT();
  const { api } = useApp();
  const framing: Framing = isArm ? 'dynamixel2' : 'modbus-rtu';
  const firstId = isArm ? (joints[0]?.servoId ?? 1) : 9;
  const [text, setText] = useState(() => pingPacket(framing, firstId));
  const [addCrc, setAddCrc] = useState(true);
  const [showBus, setShowBus] = useState(false);
  const [lines, setLines] = useState<Line[]>([]);
  const [sending, setSending] = useState(false);
  const [announce, setAnnounce] = useState('');
  const hintId = useId();
  const historyRef = useRef<HTMLOListElement>(null);

  const append = (added: Omit<Line, 'n'>[]) =>
    setLines((current) =>
      [...current, ...added.map((line) => ({ ...line, n: nextLine++ }))].slice(-MAX_LINES),
    );

  useEffect(() => {
    if (!showBus) return;
    return api.subscribe('console.traffic', (traffic) => {
      if (traffic.robotId !== robotId) return;
      append([
        {
          at: now(),
          direction: traffic.direction,
          source: 'bus',
          hex: traffic.hex,
          summary: traffic.summary,
        },
      ]);
    });
  }, [api, robotId, showBus]);

  useEffect(() => {
    const list = historyRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [lines]);

  const parsed = parseHex(text);
  const prepared = parsed.ok ? preparePacket(parsed.bytes, framing, addCrc) : null;
  const problem = parsed.ok
    ? null
    : parsed.reason === 'empty'
      ? null
      : t(`robots.console.bad.${parsed.reason}`);

  const send = async () => {
    if (!prepared || sending) return;
    setSending(true);
    const hex = prepared.bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    try {
      const result = await api.invoke('console.send', { robotId, hex });
      const at = now();
      append([
        { at, direction: 'tx', source: 'console', hex: result.sent, summary: prepared.summary },
        ...result.replies.map((reply) => ({
          at,
          direction: 'rx' as const,
          source: 'console' as const,
          hex: reply.hex,
          summary: [reply.summary, describePingReply(prepared.bytes, reply.hex)]
            .filter(Boolean)
            .join(' · '),
        })),
      ]);
      setAnnounce(
        result.replies.length === 0
          ? t('robots.console.noReply')
          : t('robots.console.replies', {
              count: result.replies.length,
              summary: result.replies[0]?.summary ?? '',
            }),
      );
      if (result.replies.length === 0) {
        append([
          {
            at,
            direction: 'error',
            source: 'console',
            hex: '',
            summary: t('robots.console.noReply'),
          },
        ]);
      }
    } catch (error) {
      append([
        {
          at: now(),
          direction: 'error',
          source: 'console',
          hex: '',
          summary: describeError(error),
        },
      ]);
      setAnnounce(describeError(error));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="console">
      <h2 className="section-title">{t('robots.console.title')}</h2>
      <p className="section-help">
        {isArm ? t('robots.console.helpDynamixel') : t('robots.console.helpModbus')}
      </p>
      <form
        className="console__form"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <LabelOverRow
          controlId="console-hex"
          label={t('robots.console.input')}
          labelClassName="console__label"
          rowClassName="console__row"
        >
          <TextEntry
            id="console-hex"
            className="console__input mono"
            value={text}
            onValue={setText}
            aria-invalid={problem ? true : undefined}
            aria-describedby={hintId}
            data-testid="console-input"
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={!prepared || sending}
            data-testid="console-send"
          >
            {sending ? t('robots.console.sending') : t('robots.console.send')}
          </button>
        </LabelOverRow>
        <p id={hintId} className={problem ? 'console__hint console__hint--bad' : 'console__hint'}>
          {problem ??
            (prepared
              ? t('robots.console.preview', {
                  count: prepared.bytes.length,
                  summary: prepared.summary || t('robots.console.unknownPacket'),
                }) + (prepared.crcAdded ? ` ${t('robots.console.crcAdded')}` : '')
              : t('robots.console.empty'))}
        </p>
        <div className="console__options">
          <CheckOption checked={addCrc} onChecked={setAddCrc}>
            <span>{t('robots.console.addCrc')}</span>
          </CheckOption>
          <CheckOption checked={showBus} onChecked={setShowBus}>
            <span>{t('robots.console.showBus')}</span>
          </CheckOption>
        </div>
        <div className="console__quick" role="group" aria-label={t('robots.console.quick')}>
          {isArm ? (
            joints.map((joint) => (
              <button
                key={joint.servoId}
                type="button"
                className="button button--small"
                onClick={() => setText(pingPacket('dynamixel2', joint.servoId))}
              >
                {t('robots.console.ping', { id: joint.servoId })}
              </button>
            ))
          ) : (
            <button
              type="button"
              className="button button--small"
              onClick={() => setText(pingPacket('modbus-rtu', 9))}
            >
              {t('robots.console.readStatus')}
            </button>
          )}
        </div>
      </form>
      <div className="console__history-head">
        <h3 className="section-title">{t('robots.console.history')}</h3>
        <button
          type="button"
          className="button button--small"
          onClick={() => setLines([])}
          disabled={lines.length === 0}
        >
          {t('robots.console.clear')}
        </button>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      {lines.length === 0 ? (
        <p className="hint">{t('robots.console.historyEmpty')}</p>
      ) : (
        <ol
          className="console__history"
          ref={historyRef}
          data-testid="console-history"
          tabIndex={0}
          aria-label={t('robots.console.history')}
        >
          {lines.map((line) => (
            <li
              key={line.n}
              className={`console__line console__line--${line.direction}`}
              data-direction={line.direction}
            >
              <span className="console__time">{systemClockTime(line.at)}</span>
              <span className="console__dir">
                {line.direction === 'tx' ? (
                  <>
                    <span aria-hidden="true">→ </span>
                    {t('robots.console.tx')}
                  </>
                ) : line.direction === 'rx' ? (
                  <>
                    <span aria-hidden="true">← </span>
                    {t('robots.console.rx')}
                  </>
                ) : (
                  <>
                    <Icon name="alert" size={14} /> {t('robots.console.error')}
                  </>
                )}
                {line.source === 'bus' ? (
                  <span className="tag">{t('robots.console.bus')}</span>
                ) : null}
              </span>
              <span className="console__hex mono">{line.hex}</span>
              <span className="console__summary">{line.summary}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
