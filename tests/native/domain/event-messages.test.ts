import { describe, expect, it } from 'vitest';
import {
  EVENT_MESSAGES,
  EVENT_MESSAGE_CODES,
  EVENT_WORDS,
  isEventMessageCode,
  messageEvent,
  renderEventMessage,
} from '../../../native/domain';

const placeholders = (template: string) =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// Kana, kanji and the full-width punctuation Japanese sentences use.
const hasJapanese = (text: string) => /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/.test(text);

describe('event messages', () => {
  it('give every code both languages with the same placeholders', () => {
    for (const code of EVENT_MESSAGE_CODES) {
      const { en, ja } = EVENT_MESSAGES[code];
      expect(placeholders(ja), code).toEqual(placeholders(en));
      expect(hasJapanese(ja), `${code} ja`).toBe(true);
      expect(hasJapanese(en), `${code} en`).toBe(false);
    }
  });

  it('render plain and bilingual parameters in the language asked for', () => {
    const message = {
      code: 'robot.stateChanged' as const,
      params: { robot: 'Arm A', from: EVENT_WORDS.state.ready, to: EVENT_WORDS.state.fault },
    };
    expect(renderEventMessage(message, 'en')).toBe('Arm A: ready → fault.');
    expect(renderEventMessage(message, 'ja')).toBe('Arm A：待機 → 異常。');
  });

  it('store the English rendering as the text exports print', () => {
    const line = messageEvent('arm.emergencyStopBy', { robot: 'Arm A', user: 'Sato' });
    expect(line.text).toBe('Arm A: emergency stop — torque off on every joint (by Sato).');
    expect(line.message).toEqual({
      code: 'arm.emergencyStopBy',
      params: { robot: 'Arm A', user: 'Sato' },
    });
  });

  it('leave a missing parameter visible rather than guessing', () => {
    expect(renderEventMessage({ code: 'arm.goingHome', params: {} }, 'en')).toBe(
      '{robot}: going home.',
    );
  });

  it('know their codes and nothing else', () => {
    expect(isEventMessageCode('task.finished')).toBe(true);
    expect(isEventMessageCode('toString')).toBe(false);
    expect(isEventMessageCode('task.exploded')).toBe(false);
  });
});
